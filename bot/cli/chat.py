"""`kinerja chat`: try every flow from a terminal, through the built-in emulator.

Buttons are numbered choices (a number that is no choice is sent as text; '12 always sends
the text 12); `/foto PATH` sends a photo; `/keluar` ends. A tap's pop-up answer (the notice
or alert Telegram shows over the chat) is printed under it.

The bot is the real one, on a database of its own (`chat.db` beside the configured SQLite
file, or data/chat.db): the personas it registers ("Uji Coba ASN", "Uji Coba Atasan") are
active staff wherever they are, so in the real database they would count in every summary and
export. Only the catalogue is copied from the configured database, so the operator tries the
flows at their own units; that database is read, never written or migrated.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.app import build_application
from bot.emulator import BotApiEmulator, EmulatedUser, SentMessage
from bot.files.catalogue import EXAMPLE, read_catalog
from bot.runtime.runner import Runner
from bot.settings import Settings
from bot.texts import Texts, texts_for
from bot.usecases.operator import catalog_with_example, current_catalog, seed_catalog
from bot.usecases.staff import create_invitation
from db import migrate
from db.engine import create_database, sqlite_files
from kinerja.catalog import Catalog
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


QUIET = 0.4
"""Seconds without a new message after which the bot's answer to one line is complete."""


async def _settle(
    emulator: BotApiEmulator,
    user: EmulatedUser,
    write: Write,
    first_wait: float,
    tap: int | None = None,
) -> None:
    """Print the bot's answers until it has been quiet for a moment; for a tap (its update
    id), also its pop-up answer, when that comes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + first_wait
    inbox = emulator.inbox(user.id)
    while True:
        if tap is not None and (answer := emulator.callback_answer(tap)) is not None:
            if answer.get("text"):
                write(ID.chat_popup(str(answer["text"]), bool(answer.get("show_alert"))))
            tap = None
        wait = deadline - loop.time()
        if wait <= 0:
            return
        try:
            message = await asyncio.wait_for(inbox.get(), min(wait, 0.05))
        except TimeoutError:
            continue
        write(show(message))
        deadline = loop.time() + QUIET


def chat_database(settings: Settings) -> Path:
    """Where the chat keeps its own database by default: beside the configured SQLite file,
    else in data/."""
    files = sqlite_files(settings.database_url)
    return files[0].with_name("chat.db") if files else Path("data") / "chat.db"


async def operator_catalogue(settings: Settings) -> Catalog | None:
    """The configured database's catalogue, read only: None when it has none yet (a fresh
    install, a SQLite file not created, a schema not migrated) or cannot be reached."""
    files = sqlite_files(settings.database_url)
    if files and not files[0].exists():
        return None  # opening it would create an empty file
    database = create_database(settings.database_url)
    try:
        if await migrate.current_revision(database) is None:
            return None
        catalog = await current_catalog(database)
    except (OperationalError, DBAPIError, OSError):
        return None
    finally:
        await database.dispose()
    return catalog if catalog.units else None


async def run_chat(
    settings: Settings,
    role: Role,
    unit_code: str | None,
    read_line: ReadLine,
    write: Write,
    *,
    database_path: Path | None = None,
    fresh: bool = False,
) -> None:
    path = database_path or chat_database(settings)
    if fresh:
        for file in sqlite_files(f"sqlite+aiosqlite:///{path}"):
            file.unlink(missing_ok=True)
    chat_url = f"sqlite+aiosqlite:///{path}"
    operators = await operator_catalogue(settings)
    database = create_database(chat_url)
    await migrate.upgrade(database)
    if operators is not None:
        await seed_catalog(database, operators)
    catalog = await catalog_with_example(database, lambda: read_catalog(EXAMPLE))
    unit = unit_code or ("PKM-PAUH" if role is Role.SUPERVISOR else "PKM-PAUH-UMUM")
    if catalog.unit(unit) is None:
        await database.dispose()
        raise LookupError(unit)
    write(texts_for(settings.default_language).chat_opening(str(path), operators is not None))
    async with BotApiEmulator(token=CHAT_TOKEN, bot_username="kinerja_chat_bot") as emulator:
        chat_settings = settings.model_copy(
            update={
                "database_url": chat_url,
                "telegram_bot_token": SecretStr(CHAT_TOKEN),
                "telegram_api_url": emulator.url,
                "rate_limit": False,
                # the runner's web app on any free port, and no metrics listener: never the
                # operator's bot's own ports
                "web_listen": "127.0.0.1:0",
                "metrics_port": None,
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
            await _settle(emulator, user, write, 5.0)
            while True:
                line = await read_line()
                if line is None or line.strip() in ("/keluar", "/quit"):
                    return
                tap = await _act(user, line.strip(), write)
                await _settle(emulator, user, write, 3.0, tap)
        finally:
            await runner.stop()


async def _act(user: EmulatedUser, line: str, write: Write) -> int | None:
    """Send what the line says; the update id of a button tap, whose answer may pop up."""
    with_buttons = [m for m in user.emulator.messages_in(user.id) if m.buttons]
    if line.isdigit() and with_buttons:
        message = with_buttons[-1]
        index = int(line) - 1
        if 0 <= index < len(message.buttons) and "callback_data" in message.buttons[index]:
            return await user.press(message, message.buttons[index]["callback_data"])
    if line.startswith("'"):  # '12 sends the text 12 even where 12 is a choice
        line = line[1:]
    if line.startswith("/foto "):
        path = Path(line.removeprefix("/foto ").strip())
        if not path.is_file():
            write(f"   {ID.chat_missing_file(str(path))}")
            return None
        await user.send_photo(path.read_bytes())
        return None
    if line:
        await user.send(line)
    return None
