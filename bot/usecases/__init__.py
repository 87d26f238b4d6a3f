"""Use cases: one async function each, one transaction each, called by handlers and jobs alike.

They open a session, load through repositories, call pure `kinerja` functions, save, commit once
and return a domain result. No Telegram call happens inside a transaction.
"""
