"""The emulator speaks the Bot API wire protocol the way Telegram does."""

from __future__ import annotations

import ast
import asyncio
import graphlib
import json
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, TimedOut

from bot.emulator import BotApiEmulator, EmulatorError, FaultPlan
from bot.texts import CATALOGUES
from kinerja.types import Language, Role
from tests.bot.conftest import WebhookBot, stop_bot
from tests.conftest import ROOT

JSON = dict[str, Any]


async def test_unknown_token_and_method(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    wrong = await http.post(f"{emulator.url}/bot999:nope/getMe")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    missing = await http.post(f"{emulator.url}/bot{emulator.token}/sendTelepathy")
    assert missing.status_code == 404
    me = await http.post(f"{emulator.url}/bot{emulator.token}/getMe")
    assert me.json()["result"]["username"] == emulator.bot_username


async def test_json_form_and_query_parameters(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    emulator.user(42, "Siti")
    base = f"{emulator.url}/bot{emulator.token}/sendMessage"
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a:1"}]]}
    as_json = await http.post(base, json={"chat_id": 42, "text": "123", "reply_markup": markup})
    as_form = await http.post(
        base, data={"chat_id": "42", "text": "true", "reply_markup": json.dumps(markup)}
    )
    as_query = await http.get(base, params={"chat_id": "42", "text": "q"})
    assert [r.json()["result"]["text"] for r in (as_json, as_form, as_query)] == [
        "123",
        "true",
        "q",
    ]
    assert emulator.messages_in(42)[0].button_texts == ["A"]


async def test_updates_are_redelivered_until_a_higher_offset_confirms_them(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    siti = emulator.user(7, "Siti")
    first = await siti.send("satu")
    await siti.send("dua")
    url = f"{emulator.url}/bot{emulator.token}/getUpdates"
    unconfirmed = (await http.post(url, data={"timeout": "0"})).json()["result"]
    again = (await http.post(url, data={"timeout": "0"})).json()["result"]
    assert [u["update_id"] for u in unconfirmed] == [u["update_id"] for u in again]
    confirmed = (await http.post(url, data={"offset": str(first + 1), "timeout": "0"})).json()
    assert [u["message"]["text"] for u in confirmed["result"]] == ["dua"]


async def test_long_poll_returns_when_an_update_arrives(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    siti = emulator.user(8, "Siti")
    url = f"{emulator.url}/bot{emulator.token}/getUpdates"
    poll = asyncio.ensure_future(http.post(url, data={"timeout": "30"}))
    await asyncio.sleep(0.05)
    assert not poll.done()
    await siti.send("halo")
    response = await asyncio.wait_for(poll, 5)
    assert response.json()["result"][0]["message"]["text"] == "halo"


async def test_a_button_that_was_never_sent_cannot_be_pressed(emulator: BotApiEmulator) -> None:
    siti = emulator.user(9, "Siti")
    with pytest.raises(EmulatorError):
        await siti.press(1, "Sangat puas")


async def test_faults_answer_429_with_retry_after(http: httpx.AsyncClient) -> None:
    async with BotApiEmulator(faults=FaultPlan(rate_429=1.0, retry_after=3)) as faulty:
        faulty.user(5, "Siti")
        response = await http.post(
            f"{faulty.url}/bot{faulty.token}/sendMessage", data={"chat_id": "5", "text": "x"}
        )
    assert response.status_code == 429
    assert response.json()["parameters"] == {"retry_after": 3}
    assert faulty.messages_in(5) == []  # a refused message was not delivered


async def test_messages_to_a_user_who_blocked_the_bot_fail_with_403(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    emulator.user(6, "Siti").blocked = True
    response = await http.post(
        f"{emulator.url}/bot{emulator.token}/sendMessage", data={"chat_id": "6", "text": "x"}
    )
    assert response.status_code == 403


async def test_a_late_answer_times_out_although_the_message_arrived(
    emulator: BotApiEmulator,
) -> None:
    siti = emulator.user(7, "Siti")
    siti.late_answers = 1
    async with Bot(emulator.token, base_url=f"{emulator.url}/bot") as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(7, "sampai", read_timeout=0.3)
        await bot.send_message(7, "berikutnya", read_timeout=0.3)  # answered again
    assert [m.text for m in emulator.messages_in(7)] == ["sampai", "berikutnya"]


async def test_a_held_request_times_out_and_delivers_nothing(emulator: BotApiEmulator) -> None:
    siti = emulator.user(8, "Siti")
    siti.held = True
    async with Bot(emulator.token, base_url=f"{emulator.url}/bot") as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(8, "tertahan", read_timeout=0.3)
        siti.held = False
        await bot.send_message(8, "lepas", read_timeout=0.3)
    assert emulator.held_requests == 1
    assert [m.text for m in emulator.messages_in(8)] == ["lepas"]


async def test_the_real_application_works_in_webhook_mode(
    emulator: BotApiEmulator, webhook_bot: WebhookBot, http: httpx.AsyncClient
) -> None:
    """setWebhook registers the bot; updates arrive by POST with the secret header; a request
    without it is refused (403) and not processed; /healthz and /metrics (with its token)
    answer."""
    port, _ = await webhook_bot(metrics_token="metrics-token-0123456789")
    siti = emulator.user(11, "Siti", language_code="en")
    await siti.start()
    reply = await siti.next_message()
    assert reply.text == CATALOGUES[Language.EN].welcome("Siti", Role.CITIZEN, None)

    forged = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 11, "type": "private"},
            "from": {"id": 11, "is_bot": False, "first_name": "Siti"},
            "text": "/start",
        },
    }
    for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}):
        response = await http.post(
            f"http://127.0.0.1:{port}/telegram", json=forged, headers=headers
        )
        assert response.status_code == 403
    await siti.expect_silence()

    health = await http.get(f"http://127.0.0.1:{port}/healthz")
    assert health.json() == {"database": "ok"}
    metrics = (
        await http.get(
            f"http://127.0.0.1:{port}/metrics",
            headers={"Authorization": "Bearer metrics-token-0123456789"},
        )
    ).text
    assert 'kinerja_updates_total{type="message"} 1.0' in metrics
    assert "kinerja_update_seconds_bucket" in metrics


async def test_media_edits_and_files_through_ptbs_own_bot(emulator: BotApiEmulator) -> None:
    """Multipart uploads, getFile and its download URL, edits and deletes, as PTB sends them."""
    siti = emulator.user(77, "Siti")
    async with Bot(
        emulator.token, base_url=f"{emulator.url}/bot", base_file_url=f"{emulator.url}/file/bot"
    ) as bot:
        await bot.send_chat_action(77, ChatAction.TYPING)
        photo = await bot.send_photo(77, b"\x89PNG fake image", caption="Grafik IKM")
        document = await bot.send_document(77, b"a,b\n1,2\n", filename="rekap.csv")
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="y:1")]])
        message = await bot.send_message(77, "Lanjut?", reply_markup=keyboard)
        await bot.edit_message_text(
            "Lanjut sekarang?", 77, message.message_id, reply_markup=keyboard
        )
        await bot.edit_message_reply_markup(77, message.message_id, reply_markup=None)
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_reply_markup(77, message.message_id, reply_markup=None)

        file = await bot.get_file(photo.photo[-1].file_id)
        assert bytes(await file.download_as_bytearray()) == b"\x89PNG fake image"
        await bot.delete_message(77, document.message_id)

        user_photo = await siti.send_photo(b"evidence")
        assert user_photo > 0

    seen = siti.drain()
    assert [m.event for m in seen] == ["sent", "sent", "sent", "edited", "edited"]
    assert seen[0].caption == "Grafik IKM"
    assert seen[1].document == b"a,b\n1,2\n"
    assert seen[1].document_name == "rekap.csv"
    assert seen[3].text == "Lanjut sekarang?"
    assert seen[4].buttons == []
    assert [m.message_id for m in emulator.messages_in(77)] == [
        photo.message_id,
        message.message_id,
    ]


async def test_a_file_id_goes_out_again_only_by_the_method_of_its_kind(
    emulator: BotApiEmulator,
) -> None:
    """As Telegram does: a photo a user sent can be sent on by its file id with sendPhoto, not
    with sendDocument ("type of file mismatch"), and a document's the other way round."""
    siti = emulator.user(78, "Siti")
    photo = emulator.store_file(b"\xff\xd8 foto", "photo")
    document = emulator.store_file(b"%PDF", "document")
    async with Bot(emulator.token, base_url=f"{emulator.url}/bot") as bot:
        sent = await bot.send_photo(78, photo, caption="Bukti")
        await bot.send_document(78, document)
        with pytest.raises(BadRequest, match="Type of file mismatch"):
            await bot.send_document(78, photo)
        with pytest.raises(BadRequest, match="Type of file mismatch"):
            await bot.send_photo(78, document)
        with pytest.raises(BadRequest, match="Wrong file identifier"):
            await bot.send_photo(78, "Fnever-stored")
        await bot.send_photo(78, sent.photo[-1].file_id)  # what the bot itself sent, too
    assert [(m.photo, m.document) for m in siti.drain()] == [
        (b"\xff\xd8 foto", None),
        (None, b"%PDF"),
        (b"\xff\xd8 foto", None),
    ]


async def test_a_stopping_webhook_lets_the_update_in_progress_finish_and_answer(
    emulator: BotApiEmulator, webhook_bot: WebhookBot
) -> None:
    """Stopping mid-update (a deploy, SIGTERM) answers that update's webhook request with 200
    after handling it, instead of cutting the connection and having Telegram send it again."""
    _, application = await webhook_bot()
    emulator.faults = FaultPlan(rate_slow=1.0, slow_seconds=0.5)  # every reply takes 0.5 s
    siti = emulator.user(12, "Siti")
    await siti.start()
    replying = False
    while emulator.pending_updates and not replying:
        await asyncio.sleep(0.01)
        replying = any(method == "sendMessage" for method, _ in emulator.calls)
    await stop_bot(application)
    assert emulator.pending_updates == 0  # the webhook request was answered 2xx
    reply = await siti.next_message(within=1)
    assert reply.text == CATALOGUES[Language.ID].welcome("Siti", Role.CITIZEN, None)


async def _send(http: httpx.AsyncClient, emulator: BotApiEmulator, **params: object) -> JSON:
    response = await http.post(f"{emulator.url}/bot{emulator.token}/sendMessage", json=params)
    payload: JSON = response.json()
    assert response.status_code == (200 if payload["ok"] else payload["error_code"])
    return payload


def _bad_request(description: str) -> JSON:
    return {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}


async def test_html_that_telegram_cannot_parse_is_refused_as_telegram_refuses_it(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    """One unescaped `<` in a name fails the whole message: the emulator answers exactly what
    Telegram answers, so a text that would fail in production fails a test."""
    emulator.user(60, "Siti")
    html = {"chat_id": 60, "parse_mode": "HTML"}
    assert await _send(http, emulator, text="Rina <Kepala Ruang> belum melapor", **html) == (
        _bad_request('can\'t parse entities: Unsupported start tag "kepala" at byte offset 5')
    )
    assert await _send(http, emulator, text="<p>Rekap</p>", **html) == _bad_request(
        'can\'t parse entities: Unsupported start tag "p" at byte offset 0'
    )
    assert await _send(http, emulator, text="<b>Rekap", **html) == _bad_request(
        "can't parse entities: Can't find end tag corresponding to start tag b"
    )
    assert await _send(http, emulator, text="<b></b>", **html) == _bad_request(
        "message text is empty"
    )
    assert emulator.messages_in(60) == []

    sent = await _send(
        http, emulator, text="<b>Rina &lt;Kepala Ruang&gt;</b> &amp; 😀 <i>AT&T</i>", **html
    )
    assert sent["result"]["text"] == "Rina <Kepala Ruang> & 😀 AT&T"
    assert sent["result"]["entities"] == [
        {"type": "bold", "offset": 0, "length": 19},
        {"type": "italic", "offset": 25, "length": 4},
    ]
    plain = await _send(http, emulator, chat_id=60, text="Rina <Kepala Ruang>")
    assert plain["result"]["text"] == "Rina <Kepala Ruang>"  # no parse mode: shown as sent
    [first, second] = emulator.messages_in(60)
    assert first.text == "<b>Rina &lt;Kepala Ruang&gt;</b> &amp; 😀 <i>AT&T</i>"  # as sent
    assert first.plain == "Rina <Kepala Ruang> & 😀 AT&T"  # as the user reads it
    assert second.plain == second.text == "Rina <Kepala Ruang>"


async def test_the_length_limit_counts_the_text_after_entity_parsing(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    """4,096 UTF-16 code units of what the user reads, as Telegram counts: tags and entities
    do not count, an emoji outside the BMP counts two."""
    emulator.user(61, "Siti")
    html = {"chat_id": 61, "parse_mode": "HTML"}
    too_long = _bad_request("message is too long")
    assert (await _send(http, emulator, text="<b>" + "&lt;" * 4096 + "</b>", **html))["ok"]
    assert await _send(http, emulator, text="<b>" + "&lt;" * 4097 + "</b>", **html) == too_long
    assert (await _send(http, emulator, text="😀" * 2048, **html))["ok"]
    assert await _send(http, emulator, text="😀" * 2048 + "x", **html) == too_long

    message_id = emulator.messages_in(61)[0].message_id
    edit = f"{emulator.url}/bot{emulator.token}/editMessageText"
    edited = await http.post(
        edit, json={**html, "message_id": message_id, "text": "<i>" + "&amp;" * 4097 + "</i>"}
    )
    assert edited.json() == too_long
    edited = await http.post(edit, json={**html, "message_id": message_id, "text": "<u>x</i>"})
    assert edited.json() == _bad_request(
        'can\'t parse entities: Unmatched end tag at byte offset 4, expected "</u>", found "</i>"'
    )
    edited = await http.post(edit, json={**html, "message_id": message_id, "text": "<u>x</u>"})
    assert edited.json()["result"]["entities"] == [{"type": "underline", "offset": 0, "length": 1}]

    async with Bot(emulator.token, base_url=f"{emulator.url}/bot") as bot:
        caption = "<b>" + "&gt;" * 1024 + "</b>"
        photo = await bot.send_photo(61, b"\x89PNG", caption=caption, parse_mode="HTML")
        assert photo.caption == ">" * 1024
        with pytest.raises(BadRequest, match="caption is too long"):
            await bot.send_photo(61, b"\x89PNG", caption=caption + "x", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
            await bot.send_document(
                61, b"a", filename="a.csv", caption="Rekap <Puskesmas>", parse_mode="HTML"
            )


async def test_command_menus_are_kept_per_scope_and_language_as_telegram_keeps_them(
    emulator: BotApiEmulator,
) -> None:
    """A chat's app shows its own list first, then all private chats', then the default, each
    in the app's language before the list for every language."""
    emulator.user(71, "Siti", language_code="id")
    emulator.user(72, "John", language_code="en")
    emulator.user(73, "Hans", language_code="de")
    one = [BotCommand("start", "Mulai")]
    english = [BotCommand("start", "Start")]
    own = [BotCommand("lapor", "Lapor")]
    async with Bot(emulator.token, base_url=f"{emulator.url}/bot") as bot:
        await bot.set_my_commands(one)
        await bot.set_my_commands(english, language_code="en")
        await bot.set_my_commands(own, scope=BotCommandScopeChat(71))
        assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(71))] == [
            "lapor"
        ]
        assert await bot.get_my_commands(scope=BotCommandScopeChat(72)) == ()
        with pytest.raises(BadRequest, match=r"(?i)invalid language code specified"):
            await bot.set_my_commands(one, language_code="eng")
    assert [c["description"] for c in emulator.menu(71)] == ["Lapor"]
    assert [c["description"] for c in emulator.menu(72)] == ["Start"]
    assert [c["description"] for c in emulator.menu(73)] == ["Mulai"]
    assert [c["description"] for c in emulator.menu(71, "en")] == ["Lapor"]  # the chat's own

    base = f"{emulator.url}/bot{emulator.token}"
    async with httpx.AsyncClient() as http:
        odd = await http.post(
            f"{base}/setMyCommands", json={"commands": [], "scope": {"type": "galaxy"}}
        )
        assert odd.json()["description"] == (
            "Bad Request: can't parse BotCommandScope: Unsupported type specified"
        )
        chatless = await http.post(
            f"{base}/setMyCommands", json={"commands": [], "scope": {"type": "chat"}}
        )
        assert chatless.json()["description"].endswith("Empty chat_id specified")
        gone = await http.post(
            f"{base}/deleteMyCommands", data={"scope": '{"type": "chat", "chat_id": "71"}'}
        )
        assert gone.json()["result"] is True
    assert [c["description"] for c in emulator.menu(71)] == ["Mulai"]


def test_emulator_modules_import_one_another_without_a_circle() -> None:
    """Every import between the emulator's modules counts, also those under TYPE_CHECKING or
    inside a function: a circle there is a circle in the design. (The package's `__init__` is
    left out: it gathers the public names.)"""
    package = ROOT / "bot" / "emulator"
    graph: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        if path.stem == "__init__":
            continue
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        graph[path.stem] = {
            name.removeprefix("bot.emulator.")
            for name in imported
            if name.startswith("bot.emulator.")
        }
    assert graph["users"] <= {"errors", "messages"}
    _ = tuple(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a circle
