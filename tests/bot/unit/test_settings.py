from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import (
    DEVELOPMENT_SECRET,
    Environment,
    Settings,
    SettingsProblem,
    load_settings,
    with_secret_key,
)
from kinerja.types import Language


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for key in (
        "TELEGRAM_BOT_TOKEN",
        "DATABASE_URL",
        "KINERJA_TIMEZONE",
        "TELEGRAM_API_URL",
        "KINERJA_SECRET_KEY",
        "KINERJA_ENVIRONMENT",
        "KINERJA_DEFAULT_LANGUAGE",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]  # no developer .env is read


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///data/kinerja.db"
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.timezone == "Asia/Jakarta"
    assert settings.default_language is Language.ID
    assert settings.telegram_bot_token is None


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("KINERJA_DEFAULT_LANGUAGE", "en")
    settings = load_settings()
    assert settings.require_token() == "123:abc"
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.default_language is Language.EN


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("KINERJA_TIMEZONE", "Asia/Padang"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("DATABASE_URL", "mysql://root@localhost/kinerja"),
        ("TELEGRAM_API_URL", "api.telegram.org"),
        ("KINERJA_DEFAULT_LANGUAGE", "jv"),
        ("KINERJA_SUMMARY_TIME", "25:00"),
        ("KINERJA_METRICS_TOKEN", "short"),
        ("KINERJA_METRICS_TOKEN", "has spaces in it, sixteen+"),
    ],
)
def test_a_malformed_setting_names_its_key(
    monkeypatch: pytest.MonkeyPatch, key: str, value: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(SettingsProblem) as caught:
        load_settings()
    assert caught.value.key == key


@pytest.mark.parametrize("where", ["environment", ".env"])
@pytest.mark.parametrize("key", ["KINERJA_WEBHOOK_PORT", "KINERJA_WEBHOOK_LISTEN"])
def test_a_replaced_key_is_refused_not_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key: str, where: str
) -> None:
    """An old `.env` would otherwise move the web app to 127.0.0.1:8080 without a word."""
    if where == "environment":
        monkeypatch.setenv(key, "8081")
    else:
        (tmp_path / ".env").write_text(f"{key}=8081\nKINERJA_WEB_LISTEN=\n", encoding="utf-8")
    with pytest.raises(SettingsProblem) as caught:
        load_settings()
    assert caught.value.key == key
    assert "KINERJA_WEB_LISTEN" in caught.value.problem


def test_a_replaced_key_left_empty_is_no_problem(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("KINERJA_WEBHOOK_PORT=\n", encoding="utf-8")
    assert load_settings().web_address == ("127.0.0.1", 8080)


def test_missing_token_is_named() -> None:
    with pytest.raises(SettingsProblem) as caught:
        load_settings().require_token()
    assert caught.value.key == "TELEGRAM_BOT_TOKEN"


@pytest.mark.parametrize("secret", [None, "x" * 31, DEVELOPMENT_SECRET, "changethis"])
def test_unless_development_is_said_a_missing_or_short_secret_is_refused(
    secret: str | None,
) -> None:
    for unsaid in (Settings(_env_file=None, secret_key=secret), load_settings(secret_key=secret)):
        assert unsaid.environment is Environment.PRODUCTION
        with pytest.raises(SettingsProblem) as caught:
            unsaid.secret_bytes()
        assert caught.value.key == "KINERJA_SECRET_KEY"
        assert secret is None or secret not in str(caught.value)
    long_enough = Settings(_env_file=None, secret_key="x" * 32)
    assert long_enough.secret_bytes() == b"x" * 32


def test_only_an_explicit_development_environment_gets_the_public_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KINERJA_ENVIRONMENT", "development")
    development = load_settings()
    assert development.secret_bytes() == DEVELOPMENT_SECRET.encode()
    assert not development.has_strong_secret()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "KINERJA_SECRET_KEY=K\n"),
        ("A=1", "A=1\nKINERJA_SECRET_KEY=K\n"),
        ("A=1\nKINERJA_SECRET_KEY=\nB=2\n", "A=1\nKINERJA_SECRET_KEY=K\nB=2\n"),
        ("export KINERJA_SECRET_KEY=''\r\nB=2\r\n", "KINERJA_SECRET_KEY=K\r\nB=2\r\n"),
        ("# KINERJA_SECRET_KEY=old\n", "# KINERJA_SECRET_KEY=old\nKINERJA_SECRET_KEY=K\n"),
        ("KINERJA_SECRET_KEY=\nKINERJA_SECRET_KEY=\n", "KINERJA_SECRET_KEY=K\n" * 2),
    ],
)
def test_the_key_fills_the_empty_lines_of_dotenv_or_is_added(before: str, after: str) -> None:
    assert with_secret_key(before, "K") == after


def test_the_documented_example_file_loads(tmp_path: object) -> None:
    """`.env.example` copied as `.env` must start (empty values mean the defaults)."""
    from pathlib import Path

    from tests.conftest import ROOT

    (Path(str(tmp_path)) / ".env").write_text(
        (ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8"
    )
    settings = load_settings()
    assert settings.ops_chat_id is None
    assert settings.http_pool_size == 16
    assert str(settings.summary_time) == "07:00:00"


def test_every_secret_setting_is_masked_in_output() -> None:
    """The metrics token guards /metrics like the webhook secret guards the webhook."""
    settings = Settings(
        _env_file=None,
        telegram_bot_token="123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr",
        secret_key="k" * 40,
        webhook_secret="w" * 24,
        metrics_token="m" * 24,
    )
    assert set(settings.secret_values()) == {
        "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr",
        "AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr",
        "k" * 40,
        "w" * 24,
        "m" * 24,
    }
