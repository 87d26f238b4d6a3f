"""Running the bot: the runner, update processing, scheduled jobs, errors, logs, metrics."""
