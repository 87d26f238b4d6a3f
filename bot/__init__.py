"""The imperative shell around Telegram: handlers, jobs, CLI, settings and texts."""
