"""Handlers, one module per audience and flow; each ends with a `handlers()` function."""
