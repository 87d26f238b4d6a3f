"""The web face: the citizen survey for people without Telegram, ticket pages, the supervisors'
Mini App, and the HTTP side of the bot (webhook, /healthz, /metrics), in one ASGI app served by
uvicorn inside the bot's own process and event loop. Routes are shell code: they call the same
use cases as the chat handlers and render with Jinja2; no rule is implemented twice."""
