"""The Mini App's proof of who opened it, against the emulator's own signing of Telegram's spec."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.emulator.webapp import signed_init_data
from kinerja.miniapp import (
    DashboardSession,
    InitDataProblem,
    InitDataRefused,
    WebAppUser,
    data_check_string,
    issue_session,
    read_session,
    verify_init_data,
)
from kinerja.types import Language

TOKEN = "123456:TEST-TOKEN"
OTHER_BOT = "654321:OTHER-TOKEN"
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
ANDI = {"id": 3001, "first_name": "Andi", "language_code": "id"}


def _signed(token: str = TOKEN, *, age: timedelta = timedelta(minutes=1), **user: object) -> str:
    return signed_init_data(token, {**ANDI, **user}, auth_date=int((NOW - age).timestamp()))


def test_data_signed_for_this_bot_names_its_user() -> None:
    assert verify_init_data(_signed(), TOKEN, NOW, HOUR) == WebAppUser(
        3001, "Andi", "id", NOW - timedelta(minutes=1)
    )


def test_a_vector_worked_out_by_hand() -> None:
    """secret = HMAC(b"WebAppData", token), hash = HMAC(secret, data-check-string): pinned
    (computed with hashlib alone) so the emulator and the verifier cannot drift together."""
    user = '{"id":3001,"first_name":"Andi","language_code":"en"}'
    fields = {"query_id": "Q1", "user": user, "auth_date": "1795575600"}
    assert data_check_string({**fields, "hash": "x"}) == (
        f"auth_date=1795575600\nquery_id=Q1\nuser={user}"
    )
    digest = "9e4a8bf8f2a6a4663bd65e5fbdd652b0a1cc14112587e4ef25267d0c13bc6b52"
    signed = signed_init_data(
        TOKEN,
        {"id": 3001, "first_name": "Andi", "language_code": "en"},
        auth_date=1795575600,
        query_id="Q1",
    )
    assert dict(parse_qsl(signed))["hash"] == digest
    verified = verify_init_data(urlencode({**fields, "hash": digest}), TOKEN, NOW, HOUR)
    assert verified == WebAppUser(3001, "Andi", "en", datetime.fromtimestamp(1795575600, UTC))


def _tampered(name: str, value: str) -> str:
    fields = dict(parse_qsl(_signed()))
    fields[name] = value
    return urlencode(fields, quote_via=quote)


@pytest.mark.parametrize(
    ("init_data", "token", "problem"),
    [
        pytest.param(_signed(OTHER_BOT), TOKEN, InitDataProblem.FORGED, id="another bot's"),
        pytest.param(
            _tampered("user", '{"id":3002,"first_name":"Andi"}'),
            TOKEN,
            InitDataProblem.FORGED,
            id="another user put in",
        ),
        pytest.param(_tampered("hash", "0" * 64), TOKEN, InitDataProblem.FORGED, id="made-up hash"),
        pytest.param(_tampered("hash", ""), TOKEN, InitDataProblem.FORGED, id="empty hash"),
        pytest.param(
            _tampered("auth_date", str(int(NOW.timestamp()))),
            TOKEN,
            InitDataProblem.FORGED,
            id="auth_date freshened",
        ),
        pytest.param(
            _signed(age=HOUR + timedelta(seconds=1)),
            TOKEN,
            InitDataProblem.EXPIRED,
            id="an hour and a second old",
        ),
        pytest.param(
            _signed(age=-timedelta(minutes=10)),
            TOKEN,
            InitDataProblem.EXPIRED,
            id="ten minutes in the future",
        ),
        pytest.param("", TOKEN, InitDataProblem.MALFORMED, id="nothing"),
        pytest.param("hash", TOKEN, InitDataProblem.MALFORMED, id="not a query string"),
        pytest.param(
            _signed() + "&hash=" + "0" * 64, TOKEN, InitDataProblem.MALFORMED, id="two hashes"
        ),
        pytest.param("a=" + "x" * 9000, TOKEN, InitDataProblem.MALFORMED, id="far too long"),
    ],
)
def test_anything_else_is_refused(init_data: str, token: str, problem: InitDataProblem) -> None:
    refused = verify_init_data(init_data, token, NOW, HOUR)
    assert isinstance(refused, InitDataRefused)
    assert refused.problem is problem


def test_exactly_the_max_age_still_passes() -> None:
    assert isinstance(verify_init_data(_signed(age=HOUR), TOKEN, NOW, HOUR), WebAppUser)


@pytest.mark.parametrize(
    "user",
    [
        pytest.param('{"first_name":"Andi"}', id="no id"),
        pytest.param('{"id":"3001"}', id="id as text"),
        pytest.param('{"id":true}', id="id as boolean"),
        pytest.param("[3001]", id="not an object"),
        pytest.param("{not json", id="not JSON"),
    ],
)
def test_signed_nonsense_is_malformed(user: str) -> None:
    """Signed by the right key but not what Telegram sends: refused, never half-read."""
    fields = {"auth_date": str(int(NOW.timestamp())), "user": user}
    signed = signed_init_data(TOKEN, {}, auth_date=0, extra=fields)
    refused = verify_init_data(signed, TOKEN, NOW, HOUR)
    assert refused == InitDataRefused(InitDataProblem.MALFORMED)


def test_the_refusal_knows_the_language_for_its_page() -> None:
    assert verify_init_data(_signed(OTHER_BOT, language_code="en"), TOKEN, NOW, HOUR) == (
        InitDataRefused(InitDataProblem.FORGED, "en")
    )


texts = st.text(st.characters(codec="utf-8"), max_size=30)


@given(
    first_name=texts,
    extra=st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), texts, max_size=4),
)
def test_any_signed_data_passes_and_any_changed_byte_fails(
    first_name: str, extra: dict[str, str]
) -> None:
    """Whatever names, extra fields (start_param, chat_type …) and characters Telegram sends."""
    extra = {k: v for k, v in extra.items() if k not in ("hash", "user", "auth_date", "query_id")}
    signed = signed_init_data(
        TOKEN,
        {"id": 42, "first_name": first_name},
        auth_date=int(NOW.timestamp()),
        extra=extra,
    )
    user = verify_init_data(signed, TOKEN, NOW, HOUR)
    assert isinstance(user, WebAppUser)
    assert (user.telegram_user_id, user.first_name) == (42, first_name)
    assert isinstance(verify_init_data(signed, OTHER_BOT, NOW, HOUR), InitDataRefused)


SECRET = b"s" * 32


def _session(person_id: int) -> DashboardSession:
    return DashboardSession(person_id, 3001, NOW + HOUR, Language.ID)


def test_a_session_round_trips_until_it_ends() -> None:
    session = DashboardSession(7, 3001, NOW + HOUR, Language.EN)
    token = issue_session(SECRET, session)
    assert read_session(SECRET, token, NOW) == session
    assert read_session(SECRET, token, NOW + HOUR) is None


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(issue_session(b"x" * 32, _session(7)), id="another key"),
        pytest.param(issue_session(SECRET, _session(7))[:-2] + "AA", id="changed"),
        pytest.param("", id="empty"),
        pytest.param("é", id="not base64"),
        pytest.param("AAAA", id="short"),
    ],
)
def test_a_session_not_ours_is_none(token: str) -> None:
    assert read_session(SECRET, token, NOW) is None


@given(person_id=st.integers(1, 2**40), byte=st.integers(0, 57), bit=st.integers(0, 7))
def test_no_flipped_bit_gives_another_session(person_id: int, byte: int, bit: int) -> None:
    raw = bytearray(base64.urlsafe_b64decode(issue_session(SECRET, _session(person_id)) + "=="))
    raw[byte] ^= 1 << bit
    forged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert read_session(SECRET, forged, NOW) is None
