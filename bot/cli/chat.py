"""`kinerja chat`: try every flow from a terminal, through the built-in emulator.

Buttons are numbered choices (a number that is no choice is sent as text; '12 always sends
the text 12); `/foto PATH` sends a photo; `/keluar` ends. The bot is the real
one on the configured database, so what is tried here is stored like anything else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from pydantic import SecretStr

from bot.app import build_application
from bot.emulator import BotApiEmulator, EmulatedUser, SentMessage
from bot.files.catalogue import EXAMPLE, read_catalog
from bot.runtime.runner import Runner
from bot.settings import Settings
from bot.texts import Texts, texts_for
from bot.usecases.operator import catalog_with_example
from bot.usecases.staff import create_invitation
from db import migrate
from db.engine import create_database
from kinerja.tokens import unit_payload
from kinerja.types import Language, Role

CHAT_TOKEN = "123456:CHAT"  # noqa: S105 - the local emulator's, not a secret
ID = texts_for(Language.ID)
ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], None]
PERSONAS = {
    Role.CITIZEN: (7_000_001, "Warga", None),
    Role.ASN: (7_000_002, "Uji Coba ASN", "199501012020121001"),
    Role.SUPERVISOR: (7_000_003, "Uji Coba Atasan", "198501012010011001"),
}


def show(message: SentMessage, texts: Texts = ID) -> str:
    text = message.plain
    if message.photo is not None:
        text = texts.chat_photo() + (f" {text}" if text else "")
    if message.document is not None:
        text = f"{texts.chat_document(message.document_name or '')} {text}"
    lines = [f"🤖 {text}"]
    lines += [f"   [{i}] {b['text']}" for i, b in enumerate(message.buttons, 1)]
    return "\n".join(lines)


async def _settle(user: EmulatedUser, write: Write, first_wait: float) -> None:
    """Print the bot's answers until it has been quiet for a moment."""
    wait = first_wait
    while True:
        try:
            message = await asyncio.wait_for(user.emulator.inbox(user.id).get(), wait)
        except TimeoutError:
            return
        write(show(message))
        wait = 0.4


async def run_chat(
    settings: Settings, role: Role, unit_code: str | None, read_line: ReadLine, write: Write
) -> None:
    database = create_database(settings.database_url)
    await migrate.upgrade(database)
    catalog = await catalog_with_example(database, lambda: read_catalog(EXAMPLE))
    unit = unit_code or ("PKM-PAUH" if role is Role.SUPERVISOR else "PKM-PAUH-UMUM")
    if catalog.unit(unit) is None:
        raise LookupError(unit)
    async with BotApiEmulator(token=CHAT_TOKEN, bot_username="kinerja_chat_bot") as emulator:
        chat_settings = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(CHAT_TOKEN),
                "telegram_api_url": emulator.url,
                "rate_limit": False,
            }
        )
        application = build_application(chat_settings, database)
        runner = Runner(application, chat_settings, poll_timeout=2)
        await runner.start()
        try:
            user_id, name, nip = PERSONAS[role]
            user = emulator.user(user_id, name.split()[0])
            if role is Role.CITIZEN:
                await user.start(unit_payload(unit))
            else:
                assert nip is not None  # noqa: S101 - staff personas have one
                payload, _ = await create_invitation(
                    application.bot_data.services,
                    role=role,
                    unit_code=unit,
                    nip=nip,
                    name=name,
                    days=1,
                )
                await user.start(payload)
            await _settle(user, write, 5.0)
            while True:
                line = await read_line()
                if line is None or line.strip() in ("/keluar", "/quit"):
                    return
                await _act(user, line.strip(), write)
                await _settle(user, write, 3.0)
        finally:
            await runner.stop()


async def _act(user: EmulatedUser, line: str, write: Write) -> None:
    with_buttons = [m for m in user.emulator.messages_in(user.id) if m.buttons]
    if line.isdigit() and with_buttons:
        message = with_buttons[-1]
        index = int(line) - 1
        if 0 <= index < len(message.buttons) and "callback_data" in message.buttons[index]:
            await user.press(message, message.buttons[index]["callback_data"])
            return
    if line.startswith("'"):  # '12 sends the text 12 even where 12 is a choice
        line = line[1:]
    if line.startswith("/foto "):
        path = Path(line.removeprefix("/foto ").strip())
        if not path.is_file():
            write(f"   {ID.chat_missing_file(str(path))}")
            return
        await user.send_photo(path.read_bytes())
        return
    if line:
        await user.send(line)
