"""`python -m bot.emulator`: a standalone local Bot API server for trying kinerja without Telegram.

Point the bot at it with TELEGRAM_API_URL=http://127.0.0.1:PORT and the same token, then act as a
user over HTTP: POST /_emulator/send {"user_id": 1, "text": "/start"}; GET /_emulator/chats/1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from bot.emulator.server import BotApiEmulator


async def serve(port: int, token: str) -> None:
    emulator = BotApiEmulator(token=token)
    await emulator.start(port)
    print(f"Bot API emulator on {emulator.url} (token {token})", flush=True)  # noqa: T201
    try:
        await asyncio.Event().wait()
    finally:
        await emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.emulator")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123:abc")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.token))


main()
