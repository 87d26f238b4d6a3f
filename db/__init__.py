"""Persistence: SQLAlchemy models, the engine factory, repositories and Alembic migrations."""
