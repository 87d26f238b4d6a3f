"""The floor: a bare PTB bot answering each tap with the same two Bot API calls, no database.

`python -m bench.echo_bot URL TOKEN`; stops on SIGTERM. It polls with the same
confirm-after-handling loop as kinerja's runner, without its ledger.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="x")]])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("0", reply_markup=KEYBOARD)


async def tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await asyncio.gather(
        query.answer(), query.edit_message_text(str(time.perf_counter()), reply_markup=KEYBOARD)
    )


async def main(url: str, token: str) -> None:
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{url}/bot")
        .updater(None)
        .concurrent_updates(256)
        .connection_pool_size(16)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(tap))
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    async with application:
        await application.start()
        offset = None
        while not stopping.is_set():
            updates = await application.bot.get_updates(offset=offset, timeout=1)
            await asyncio.gather(*(application.process_update(u) for u in updates))
            if updates:
                offset = updates[-1].update_id + 1
        await application.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
