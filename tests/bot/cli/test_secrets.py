"""The bot token and the secret key never reach output or logs, and a weak key stops start-up.

Every check runs the real entry point (`python -m bot`) and reads all it wrote, stdout and
stderr together, as an operator's terminal or a log shipper would.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram.error import InvalidToken
from typer.testing import CliRunner

from bot.cli import app
from bot.emulator import BotApiEmulator
from bot.runtime.logs import configure_logging
from bot.settings import Settings
from bot.texts import CATALOGUES
from db.engine import Database
from kinerja.types import Language, Role
from tests.bot.conftest import emulator_env, kinerja, start_kinerja
from tests.conftest import ROOT

ID = CATALOGUES[Language.ID]
# Shaped like a real token (digits, colon, 35 characters), but rejected by the emulator.
REJECTED = "987654321:AAH-rejected-Secret-PART_0123456789"
SECRET_PART = REJECTED.split(":", 1)[1]
KEY = "operator-secret-key-" + "k" * 30
USER_ID = 7_351_902_468  # a Telegram user id no timestamp or counter will contain by chance
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")  # bot.runtime.logs' format
NOWHERE = "http://127.0.0.1:9"  # nothing listens: a start that got this far fails loudly


def _clean_environment(**values: str) -> dict[str, str]:
    """The machine's environment without any kinerja setting, plus the given ones."""
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.upper().startswith(("KINERJA_", "TELEGRAM_", "DATABASE_URL"))
    }
    return {**kept, "PYTHONPATH": str(ROOT), "COLUMNS": "300", **values}


def _assert_no_secret(output: str, *secrets: str) -> None:
    assert "Traceback" not in output, output
    for secret in secrets:
        assert secret not in output, output


# ------------------------------------------------------------------------------ the key


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("key", ["missing", "the shipped .env.example", "short-key-1234567"])
async def test_start_up_refuses_a_missing_or_short_key(
    tmp_path: Path, database_url: str, key: str
) -> None:
    env = _clean_environment(
        TELEGRAM_BOT_TOKEN=REJECTED, TELEGRAM_API_URL=NOWHERE, DATABASE_URL=database_url
    )
    if key == "the shipped .env.example":
        (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"))
    elif key != "missing":
        env["KINERJA_SECRET_KEY"] = key

    code, output = await kinerja("run", env=env, cwd=tmp_path, inherit=False)

    assert code == 2, output
    assert output.strip() == ID.cli_secret_key_weak()  # one line
    _assert_no_secret(output, key, REJECTED, SECRET_PART)


@pytest.mark.parametrize("command", [["chat"], ["staff", "list"]], ids=" ".join)
def test_every_command_that_needs_the_key_refuses_a_missing_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'k.db'}")
    for name in ("KINERJA_SECRET_KEY", "KINERJA_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, command, input="")
    assert result.exit_code == 2
    assert result.output.strip() == ID.cli_secret_key_weak()


def _doctor_row(output: str, check: str) -> str:
    return next(line for line in output.splitlines() if check in line)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_doctor_fails_on_the_development_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("DATABASE_URL", database_url)
    for name in ("TELEGRAM_BOT_TOKEN", "KINERJA_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KINERJA_ENVIRONMENT", "development")

    development = CliRunner().invoke(app, ["doctor"])
    assert development.exit_code == 1
    assert "✗" in _doctor_row(development.output, "KINERJA_SECRET_KEY")

    monkeypatch.setenv("KINERJA_SECRET_KEY", KEY)
    monkeypatch.delenv("KINERJA_ENVIRONMENT")
    strong = CliRunner().invoke(app, ["doctor"])
    assert "✓" in _doctor_row(strong.output, "KINERJA_SECRET_KEY")
    assert KEY not in strong.output


def test_init_env_writes_a_key_once_and_never_replaces_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KINERJA_SECRET_KEY", raising=False)
    dotenv = tmp_path / ".env"
    dotenv.write_text("TELEGRAM_BOT_TOKEN=\nKINERJA_SECRET_KEY=\nKINERJA_TIMEZONE=Asia/Jakarta\n")

    first = CliRunner().invoke(app, ["init-env"])
    assert first.exit_code == 0, first.output
    written = dotenv.read_text()
    [line] = [row for row in written.splitlines() if row.startswith("KINERJA_SECRET_KEY=")]
    key = line.removeprefix("KINERJA_SECRET_KEY=")
    assert len(key) >= 32
    assert key not in first.output
    assert "KINERJA_TIMEZONE=Asia/Jakarta" in written

    again = CliRunner().invoke(app, ["init-env"])
    assert again.exit_code == 0
    assert dotenv.read_text() == written

    dotenv.unlink()
    monkeypatch.setenv("KINERJA_SECRET_KEY", KEY)  # set by the service manager, not in .env
    CliRunner().invoke(app, ["init-env"])
    assert not dotenv.exists()


def test_init_env_creates_a_private_env_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KINERJA_SECRET_KEY", raising=False)
    result = CliRunner().invoke(app, ["init-env"])
    assert result.exit_code == 0, result.output
    dotenv = tmp_path / ".env"
    assert dotenv.stat().st_mode & 0o077 == 0
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    settings = Settings()
    assert settings.secret_bytes() == settings.secret_key.get_secret_value().encode()  # type: ignore[union-attr]


# ------------------------------------------------------------------------------ the token


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("command", "level"),
    [
        pytest.param(["doctor"], "INFO", id="doctor"),
        pytest.param(["run"], "INFO", id="run"),
        pytest.param(["run"], "DEBUG", id="run at DEBUG"),
        pytest.param(["link", "PKM-PAUH-UMUM"], "INFO", id="link"),
        pytest.param(["summary", "send", "--period", "2026-W47"], "INFO", id="summary send"),
    ],
)
async def test_a_rejected_token_is_printed_by_no_command(
    catalog_database: Database, database_url: str, tmp_path: Path, command: list[str], level: str
) -> None:
    async with BotApiEmulator() as emulator:  # answers 401 to any other token
        env = _clean_environment(
            **emulator_env(emulator, database_url, TELEGRAM_BOT_TOKEN=REJECTED),
            KINERJA_SECRET_KEY=KEY,
            KINERJA_LOG_LEVEL=level,
        )
        code, output = await kinerja(*command, env=env, cwd=tmp_path, inherit=False)

    assert code != 0, output
    _assert_no_secret(output, REJECTED, SECRET_PART, KEY)
    if command == ["doctor"]:
        assert "✗" in _doctor_row(output, "TELEGRAM_BOT_TOKEN")
        assert ID.cli_token_rejected() in output
    elif level == "DEBUG":
        assert output.strip().splitlines()[-1] == ID.cli_token_rejected()
    else:
        assert output.strip() == ID.cli_token_rejected()  # one line


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_any_fatal_start_up_error_is_one_line(tmp_path: Path, database_url: str) -> None:
    """Here the web app's port is taken: an error of no kind the CLI knows by name."""
    token = "123456789:AAH-working-Secret-PART_0123456789"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        async with BotApiEmulator(token=token) as emulator:
            taken_address = f"127.0.0.1:{taken.getsockname()[1]}"
            env = _clean_environment(
                **emulator_env(emulator, database_url, KINERJA_WEB_LISTEN=taken_address),
                KINERJA_SECRET_KEY=KEY,
                KINERJA_WEBHOOK_URL="https://kinerja.example.go.id/telegram",
                KINERJA_WEBHOOK_SECRET="webhook-secret-0123456789",
            )
            code, output = await kinerja("run", "--webhook", env=env, cwd=tmp_path, inherit=False)

    assert code != 0, output
    [error] = [line for line in output.strip().splitlines() if not LOG_LINE.match(line)]
    assert "Errno" in error
    _assert_no_secret(output, token, token.split(":", 1)[1], KEY, "webhook-secret-0123456789")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_running_bot_logs_no_token_nor_user_id_even_at_debug(
    tmp_path: Path, database_url: str
) -> None:
    token = "123456789:AAH-working-Secret-PART_0123456789"
    async with BotApiEmulator(token=token) as emulator:
        env = _clean_environment(
            **emulator_env(emulator, database_url),
            KINERJA_SECRET_KEY=KEY,
            KINERJA_LOG_LEVEL="DEBUG",
        )
        process = await start_kinerja("run", env=env, cwd=tmp_path, inherit=False)
        try:
            siti = emulator.user(USER_ID, "Siti", language_code="id")
            await siti.start()
            assert (await siti.next_message(within=30)).text == ID.welcome(
                "Siti", Role.CITIZEN, None
            )
        finally:
            process.send_signal(signal.SIGINT)
            raw, _ = await asyncio.wait_for(process.communicate(), 30)
    output = raw.decode()
    assert process.returncode == 0, output
    assert "DEBUG" in output  # the level was honoured: there was something to leak
    _assert_no_secret(output, token, token.split(":", 1)[1], KEY)
    assert str(USER_ID) not in output  # nor a personal identifier (the SQL, the API payloads)


# ------------------------------------------------------------------------------ the log


@pytest.fixture
def root_logging() -> Iterator[None]:
    """`configure_logging` replaces the root handlers; give pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _rejected(token: str) -> None:
    raise InvalidToken(f"The token `{token}` was rejected by the server.")  # PTB's words


@pytest.mark.usefixtures("root_logging")
@pytest.mark.parametrize("json_lines", [False, True], ids=["plain", "json"])
def test_log_lines_never_carry_the_token_or_the_key(
    monkeypatch: pytest.MonkeyPatch, json_lines: bool
) -> None:
    short = "123:abc"  # too short to look like a token: only knowing it finds it
    settings = Settings(_env_file=None, telegram_bot_token=short, secret_key=KEY)
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    configure_logging("DEBUG", json_lines=json_lines, secrets=settings.secret_values())

    logging.getLogger("httpx").info('HTTP Request: POST %s/bot%s/getMe "200 OK"', NOWHERE, short)
    logging.getLogger("telegram.ext.ExtBot").debug("Set Bot API URL: %s/bot%s", NOWHERE, short)
    try:
        _rejected(short)
    except InvalidToken:
        logging.getLogger("kinerja.test").exception("start failed, key %s", KEY)
    try:
        _rejected(REJECTED)
    except InvalidToken:
        logging.getLogger("kinerja.test").exception("a token nobody configured")

    output = stream.getvalue()
    assert "start failed" in output
    assert "a token nobody configured" in output
    assert short not in output
    assert KEY not in output
    assert REJECTED not in output
    assert SECRET_PART not in output
