"""The domain core of kinerja: plain dataclasses and pure functions.

Nothing here imports Telegram, SQL, asyncio or reads the clock; the shell (`bot/`, `db/`) passes
everything in. A test enforces it.
"""
