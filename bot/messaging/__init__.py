"""Talking to Telegram after a use case: the outbox, summaries, rate limits, HTML."""
