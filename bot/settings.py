"""Settings from the environment and `.env`, validated once at start-up and passed down."""

from __future__ import annotations

import enum
import os
import re
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from kinerja.pace import PaceRule
from kinerja.types import Language

DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/kinerja.db"
SECRET_KEY_NAME = "KINERJA_SECRET_KEY"  # noqa: S105 - the name, not a key
MIN_SECRET_LENGTH = 32
# Public, so it protects nothing: only an explicit KINERJA_ENVIRONMENT=development may use it.
DEVELOPMENT_SECRET = "kinerja-development-only-secret"  # noqa: S105
_PLACEHOLDERS = {"changethis", "123456:ABC-DEF", "your-token-here", "", DEVELOPMENT_SECRET}


class Environment(enum.StrEnum):
    """Production unless said otherwise: a forgotten setting must not weaken the key."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


_SECRET_RULES: dict[str, tuple[str, str]] = {
    "webhook_secret": (
        r"[A-Za-z0-9_-]{16,256}",
        "16-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)",
    ),
    "metrics_token": (
        r"[A-Za-z0-9._~+/=-]{16,256}",
        "16-256 characters of A-Z, a-z, 0-9 and . _ ~ + / = -",
    ),
}
"""The secrets given to other programs: (the characters and lengths they take, that rule said)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        populate_by_name=True,
    )

    environment: Environment = Field(
        Environment.PRODUCTION, validation_alias=_env("KINERJA_ENVIRONMENT")
    )
    telegram_bot_token: SecretStr | None = Field(None, validation_alias=_env("TELEGRAM_BOT_TOKEN"))
    telegram_api_url: str = Field(DEFAULT_API_URL, validation_alias=_env("TELEGRAM_API_URL"))
    bot_username: str | None = Field(None, validation_alias=_env("KINERJA_BOT_USERNAME"))
    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias=_env("DATABASE_URL"))
    timezone: str = Field("Asia/Jakarta", validation_alias=_env("KINERJA_TIMEZONE"))
    default_language: Language = Field(
        Language.ID, validation_alias=_env("KINERJA_DEFAULT_LANGUAGE")
    )
    secret_key: SecretStr | None = Field(None, validation_alias=_env("KINERJA_SECRET_KEY"))
    ops_chat_id: int | None = Field(None, validation_alias=_env("KINERJA_OPS_CHAT_ID"))
    summary_weekday: int = Field(0, ge=0, le=6, validation_alias=_env("KINERJA_SUMMARY_WEEKDAY"))
    summary_time: time = Field(time(7, 0), validation_alias=_env("KINERJA_SUMMARY_TIME"))
    reminder_time: time = Field(time(15, 0), validation_alias=_env("KINERJA_REMINDER_TIME"))
    survey_expiry_hours: int = Field(
        24, ge=1, le=24 * 30, validation_alias=_env("KINERJA_SURVEY_EXPIRY_HOURS")
    )
    survey_cooldown_hours: int = Field(
        0, ge=0, le=24 * 30, validation_alias=_env("KINERJA_SURVEY_COOLDOWN_HOURS")
    )
    visit_token_hours: int = Field(
        24, ge=1, le=24 * 90, validation_alias=_env("KINERJA_VISIT_TOKEN_HOURS")
    )
    retention_days: int = Field(365, ge=1, le=3650, validation_alias=_env("KINERJA_RETENTION_DAYS"))
    fast_survey_seconds: int = Field(
        20, ge=0, le=600, validation_alias=_env("KINERJA_FAST_SURVEY_SECONDS")
    )
    service_start: time = Field(time(7, 0), validation_alias=_env("KINERJA_SERVICE_START"))
    service_end: time = Field(time(16, 0), validation_alias=_env("KINERJA_SERVICE_END"))
    low_score_alert_minutes: int = Field(
        120, ge=0, le=24 * 60, validation_alias=_env("KINERJA_LOW_SCORE_ALERT_MINUTES")
    )
    max_photo_mb: int = Field(10, ge=1, le=20, validation_alias=_env("KINERJA_MAX_PHOTO_MB"))
    holidays_file: Path | None = Field(None, validation_alias=_env("KINERJA_HOLIDAYS_FILE"))
    report_yesterday_until: time = Field(
        time(10, 0), validation_alias=_env("KINERJA_REPORT_YESTERDAY_UNTIL")
    )
    invitation_days: int = Field(7, ge=1, le=90, validation_alias=_env("KINERJA_INVITATION_DAYS"))
    population_metric: str = Field(
        "pasien_dilayani", validation_alias=_env("KINERJA_POPULATION_METRIC")
    )
    complaint_sla_days: int = Field(
        5, ge=1, le=60, validation_alias=_env("KINERJA_COMPLAINT_SLA_DAYS")
    )
    waiting_threshold_minutes: int = Field(
        60, ge=1, le=600, validation_alias=_env("KINERJA_WAITING_THRESHOLD_MINUTES")
    )
    web_listen: str = Field("127.0.0.1:8080", validation_alias=_env("KINERJA_WEB_LISTEN"))
    """HOST:PORT of the web app (survey, ticket pages, Mini App, webhook, /healthz)."""
    public_url: str | None = Field(None, validation_alias=_env("KINERJA_PUBLIC_URL"))
    """Where the web app is reached from outside (https), printed on posters and links."""
    webapp_script_url: str = Field(
        "https://telegram.org/js/telegram-web-app.js",
        validation_alias=_env("KINERJA_WEBAPP_SCRIPT_URL"),
    )
    """Telegram's Mini App script, the one asset not served by kinerja (Telegram requires it)."""
    webapp_max_age_seconds: int = Field(
        3600, ge=60, le=86400 * 7, validation_alias=_env("KINERJA_WEBAPP_MAX_AGE_SECONDS")
    )
    """How old a Mini App's signed `initData` (its auth_date) may be."""
    webhook_url: str | None = Field(None, validation_alias=_env("KINERJA_WEBHOOK_URL"))
    webhook_path: str = Field("telegram", validation_alias=_env("KINERJA_WEBHOOK_PATH"))
    webhook_secret: SecretStr | None = Field(None, validation_alias=_env("KINERJA_WEBHOOK_SECRET"))
    webhook_max_connections: int = Field(
        40, ge=1, le=100, validation_alias=_env("KINERJA_WEBHOOK_MAX_CONNECTIONS")
    )
    """How many requests Telegram keeps open to the webhook at once (its default, 40); 40 kept
    three processes busy in the benchmarks (docs/benchmarks.md §7)."""
    metrics_port: int | None = Field(
        None, ge=1, le=65535, validation_alias=_env("KINERJA_METRICS_PORT")
    )
    metrics_listen: str = Field("127.0.0.1", validation_alias=_env("KINERJA_METRICS_LISTEN"))
    metrics_token: SecretStr | None = Field(None, validation_alias=_env("KINERJA_METRICS_TOKEN"))
    log_json: bool = Field(False, validation_alias=_env("KINERJA_LOG_JSON"))
    http_pool_size: int = Field(16, ge=1, le=256, validation_alias=_env("KINERJA_HTTP_POOL_SIZE"))
    concurrent_updates: int = Field(
        64, ge=1, le=1024, validation_alias=_env("KINERJA_CONCURRENT_UPDATES")
    )
    user_updates_per_second: float = Field(
        3.0, ge=0, le=100, validation_alias=_env("KINERJA_USER_UPDATES_PER_SECOND")
    )
    user_burst: int = Field(5, ge=1, le=1000, validation_alias=_env("KINERJA_USER_BURST"))
    rate_limit: bool = Field(True, validation_alias=_env("KINERJA_RATE_LIMIT"))
    send_retries: int = Field(3, ge=0, le=10, validation_alias=_env("KINERJA_SEND_RETRIES"))
    messages_per_second: float = Field(
        29.0, gt=0, le=30, validation_alias=_env("KINERJA_MESSAGES_PER_SECOND")
    )
    summary_concurrency: int = Field(
        8, ge=1, le=64, validation_alias=_env("KINERJA_SUMMARY_CONCURRENCY")
    )
    claim_lease_seconds: int = Field(
        60, ge=2, le=3600, validation_alias=_env("KINERJA_CLAIM_LEASE_SECONDS")
    )
    log_level: str = Field("INFO", validation_alias=_env("KINERJA_LOG_LEVEL"))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Jakarta)") from None
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("web_listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        host, colon, port = value.rpartition(":")
        if not colon or not host or not port.isdigit() or int(port) > 65535:
            raise ValueError("expected HOST:PORT, e.g. 127.0.0.1:8080")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        local = re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?(/|$)", value)
        if not value.startswith("https://") and local is None:
            raise ValueError("must start with https:// (http:// only for 127.0.0.1 or localhost)")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite:///", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST/DB")
        if value in ("sqlite+aiosqlite:///", "sqlite+aiosqlite:///:memory:"):
            raise ValueError("kinerja needs a SQLite file, not an in-memory database")
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        head, _, tail = value.get_secret_value().partition(":")
        if not head.isdigit() or not tail:
            raise ValueError("expected the form 123456789:AA... as given by @BotFather")
        return value

    @field_validator("holidays_file")
    @classmethod
    def _existing_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @field_validator(*_SECRET_RULES)
    @classmethod
    def _secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        pattern, rule = _SECRET_RULES[str(info.field_name)]
        if value is not None and not re.fullmatch(pattern, value.get_secret_value()):
            raise ValueError(rule)
        return value

    @property
    def claim_lease(self) -> timedelta:
        """How long a delivery claim holds without renewal: after it, its process is taken
        for dead and another may act on the claim."""
        return timedelta(seconds=self.claim_lease_seconds)

    @property
    def pace_rule(self) -> PaceRule:
        return PaceRule(self.user_updates_per_second, self.user_burst)

    @property
    def public_is_https(self) -> bool:
        """Reached over TLS from outside: cookies are then `Secure`."""
        return self.public_url is not None and self.public_url.startswith("https://")

    @property
    def web_address(self) -> tuple[str, int]:
        host, _, port = self.web_listen.rpartition(":")
        return host.strip("[]"), int(port)

    def dashboard_url(self) -> str | None:
        """The supervisors' Mini App, for its buttons; None without an https public URL
        (Telegram accepts a Web App button only for https, and refuses the whole message
        that carries another)."""
        if self.public_url is None or not self.public_url.startswith("https://"):
            return None
        return f"{self.public_url}/app"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def has_strong_secret(self) -> bool:
        """A key nobody else knows: set, not a placeholder, 32 characters or more."""
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        return secret not in _PLACEHOLDERS and len(secret) >= MIN_SECRET_LENGTH

    def secret_bytes(self) -> bytes:
        """The key for identity hashes and signed links.

        With the public development key anyone could sign visit links and reverse identity
        hashes, so only an explicit development environment gets it.
        """
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        if not self.has_strong_secret() and self.environment is not Environment.DEVELOPMENT:
            raise SettingsProblem(SECRET_KEY_NAME, "missing or shorter than 32 characters")
        return (secret or DEVELOPMENT_SECRET).encode()

    def secret_values(self) -> list[str]:
        """What output and logs must never show: the token, its secret part, the keys and tokens."""
        values = [
            secret.get_secret_value()
            for secret in (
                self.telegram_bot_token,
                self.secret_key,
                self.webhook_secret,
                self.metrics_token,
            )
            if secret is not None
        ]
        if self.telegram_bot_token is not None:
            values.append(self.telegram_bot_token.get_secret_value().partition(":")[2])
        return values

    def require_token(self) -> str:
        token = self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else ""
        if token in _PLACEHOLDERS:
            raise SettingsProblem("TELEGRAM_BOT_TOKEN", "missing")
        return token


_KEY_LINE = re.compile(
    rf"^[ \t]*(?:export[ \t]+)?{SECRET_KEY_NAME}[ \t]*=[^\r\n]*", re.IGNORECASE | re.MULTILINE
)


def with_secret_key(dotenv: str, key: str) -> str:
    """A `.env` text whose (empty) KINERJA_SECRET_KEY lines hold `key`, or one line added.

    Only for a file whose key is unset: every line naming it is replaced, as the last wins.
    """
    line = f"{SECRET_KEY_NAME}={key}"
    if _KEY_LINE.search(dotenv):
        return _KEY_LINE.sub(lambda _: line, dotenv)
    separator = "\n" if dotenv and not dotenv.endswith("\n") else ""
    return f"{dotenv}{separator}{line}\n"


class SettingsProblem(Exception):
    """One setting that stops start-up; the CLI prints it as one line."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


REPLACED_KEYS = {
    "KINERJA_WEBHOOK_LISTEN": "KINERJA_WEB_LISTEN",
    "KINERJA_WEBHOOK_PORT": "KINERJA_WEB_LISTEN",
}
"""Keys no longer read, and the one that took their place. Ignored silently, an old `.env` would
move the listener to the default address unnoticed; refused, it is fixed once."""


def _replaced_key(env_file: object) -> str | None:
    given = dict(os.environ)
    if isinstance(env_file, str | Path) and Path(env_file).is_file():
        given |= {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    return next((k.upper() for k, v in given.items() if k.upper() in REPLACED_KEYS and v), None)


def load_settings(**overrides: object) -> Settings:
    """Read the environment; a bad value (or a key no longer read) becomes one
    `SettingsProblem` naming its key."""
    replaced = _replaced_key(overrides.get("_env_file", Settings.model_config.get("env_file")))
    if replaced is not None:
        raise SettingsProblem(replaced, f"replaced by {REPLACED_KEYS[replaced]} (HOST:PORT)")
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        info = Settings.model_fields.get(field)
        alias = info.validation_alias if info else None
        key = alias.choices[0] if isinstance(alias, AliasChoices) else field.upper()
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsProblem(str(key), message) from None
