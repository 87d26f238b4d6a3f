"""The citizen survey on the web, walked as a browser without JavaScript walks it: through the
real web app and the real use cases, against the test's database, with the chat's rules."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image
from sqlalchemy import select

from bot.render import plain_text
from bot.texts import CATALOGUES
from bot.texts.markup import Html
from db import models
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import Flag, Note, Refusal, Status
from kinerja.tokens import issue_visit_token
from kinerja.types import Channel, Language
from tests.bot.conftest import Harness
from tests.bot.personas import POLI_UMUM, POLI_UMUM_NAME, rate_unit, supervisor
from tests.bot.web.forms import read_page
from tests.bot.web.walk import WebCitizen, web_client

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]


def _words(message: str) -> str:
    """A message as a page's text reads it: tags gone, white space squeezed."""
    return " ".join(plain_text(Html(message)).split())


@pytest.fixture
async def web(bot: Harness) -> AsyncIterator[httpx.AsyncClient]:
    async with web_client(bot.application) as client:
        yield client


async def _responses(bot: Harness) -> list[models.SurveyResponse]:
    async with bot.application.bot_data.services.database.snapshot() as tx:
        return list(await tx.session.scalars(select(models.SurveyResponse)))


async def _complaints(bot: Harness) -> list[models.Complaint]:
    async with bot.application.bot_data.services.database.snapshot() as tx:
        return list(await tx.session.scalars(select(models.Complaint)))


def _jpeg_with_location() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (0.0, 57.0, 1.0)}  # GPSInfo: a latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


async def test_a_citizen_completes_the_survey_on_the_web(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}")
    assert citizen.page is not None
    assert citizen.page.status_code == 200
    assert "Bersedia mengisi survei?" in citizen.text
    await citizen.agree()
    assert POLI_UMUM_NAME in citizen.text
    assert citizen.step == "U1"
    await citizen.answer_all(score="3", waiting="25")
    assert "Terima kasih!" in citizen.text
    [response] = await _responses(bot)
    assert (response.status, response.channel, response.waiting_minutes) == (
        Status.COMPLETED,
        Channel.WEB,
        25,
    )
    assert response.verified is False
    # Nine times "3" within seconds: flagged exactly as the chat flags it.
    assert response.flags == f"{Flag.STRAIGHTLINE},{Flag.STRAIGHTLINE_FAST}"


async def test_an_answer_without_a_choice_asks_again_and_back_shows_the_last(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}")
    await citizen.agree()
    await citizen.post(action="next")  # nothing chosen
    assert citizen.step == "U1"
    assert ID.web_choose_one() in citizen.text
    await citizen.post(choice="2", action="next")
    assert citizen.step == "U2"
    await citizen.post(action="back")
    assert citizen.step == "U1"
    assert citizen.page is not None
    assert 'value="2" checked' in citizen.page.text
    await citizen.post(typed="99", choice="9", action="next")  # no such score
    assert citizen.step == "U1"


async def test_a_web_complaint_gets_a_ticket_a_photo_without_metadata_and_a_page(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    andi = await supervisor(bot)
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}")
    await citizen.agree()
    for _ in range(20):
        if citizen.step == "complaint":
            break
        if citizen.step == "waiting":
            await citizen.post(typed="90", action="next")
        else:
            await citizen.post(choice="2", action="next")
    await citizen.post(typed="Antrean <b>lama</b> & petugas tidak ada", action="send")
    [complaint] = await _complaints(bot)
    assert complaint.citizen_chat_id is None
    assert complaint.text == "Antrean <b>lama</b> & petugas tidak ada"
    assert citizen.step == "photo"
    assert complaint.ticket in citizen.text
    alert = await andi.next_message()
    assert complaint.ticket in (alert.text or "")

    await citizen.post(files={"photo": ("x.txt", b"not a photo", "text/plain")}, action="send")
    assert citizen.step == "photo"
    assert ID.web_photo_unreadable() in citizen.text
    await citizen.post(
        files={"photo": ("room.jpg", _jpeg_with_location(), "image/jpeg")}, action="send"
    )
    assert citizen.step != "photo"
    photo = await andi.next_message()
    assert photo.photo is not None
    assert photo.caption == complaint.ticket
    with Image.open(io.BytesIO(photo.photo)) as sent:
        assert not sent.getexif()  # no maker, no GPS: the citizen stays anonymous
    await citizen.answer_all()
    assert "Terima kasih!" in citizen.text
    [link] = [a for a in citizen.text.split() if "/t/" in a]
    page = await web.get(link)
    assert page.status_code == 200
    assert complaint.ticket in read_page(page.text)[1]
    assert ID.web_rating_question() not in read_page(page.text)[1]  # nothing to rate yet

    # Dr. Andi answers in the chat, exactly as he answers a chat complaint.
    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    assert (await andi.next_new_message()).text == ID.ask_follow_up(complaint.ticket)
    await andi.send("Loket kedua kini dibuka pukul 07.30.")
    assert (await andi.next_new_message()).text == ID.complaint_closed(complaint.ticket, False)
    await bot.settle()
    page = await web.get(link)
    _, text = read_page(page.text)
    assert "Loket kedua kini dibuka pukul 07.30." in text
    assert ID.web_rating_question() in text
    [rating] = [f for f in read_page(page.text)[0] if f.action.endswith("/nilai")]
    rated = await web.post(rating.action, data={**rating.hidden, "rating": "1"})  # Tidak puas
    assert _words(ID.web_complaint_reopened(complaint.ticket)) in read_page(rated.text)[1]
    reopened = await andi.next_message()
    assert complaint.ticket in (reopened.text or "")
    again = await web.post(rating.action, data={**rating.hidden, "rating": "4"})
    assert ID.web_rating_question() not in read_page(again.text)[1]
    forged = await web.post(rating.action, data={**rating.hidden, "k": "x", "rating": "4"})
    assert forged.status_code == 404

    wrong = await web.get(f"/t/{complaint.ticket}?k=" + "A" * 16)
    assert wrong.status_code == 404
    other = await web.get(f"/t/{complaint.ticket}")
    assert other.status_code == 404


async def test_a_hostile_complaint_is_shown_as_text(bot: Harness, web: httpx.AsyncClient) -> None:
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}")
    await citizen.agree()
    for _ in range(20):
        if citizen.step == "complaint":
            break
        await citizen.post(typed="5", choice="4", action="next")
    await citizen.post(typed='<script>alert(1)</script>"', action="send")
    assert citizen.page is not None
    assert "<script>alert(1)" not in citizen.page.text


async def test_a_visit_token_is_single_use_across_the_chat_and_the_web(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    services = bot.application.bot_data.services
    async with services.database.snapshot() as tx:
        unit = await tx.units.by_code(POLI_UMUM)
    assert unit is not None
    on_web = issue_visit_token(services.secret, unit.id, bot.clock(), nonce=11)
    citizen = WebCitizen(web)
    await citizen.open(f"/s/{on_web}")
    await citizen.agree()
    assert citizen.step == "U1"
    [response] = await _responses(bot)
    assert response.verified is True

    siti = bot.user(1005, "Siti")
    await siti.start(on_web)  # the same token in Telegram
    assert (await siti.next_message()).text == ID.survey_refusal(Refusal.VISIT_USED, POLI_UMUM_NAME)

    in_chat = issue_visit_token(services.secret, unit.id, bot.clock(), nonce=12)
    budi = bot.user(1006, "Budi")
    await budi.start(in_chat)
    await budi.press(await budi.next_message(), ID.consent_agree())
    await budi.next_message()
    async with web_client(bot.application) as other_browser:
        second = WebCitizen(other_browser)
        await second.open(f"/s/{in_chat}")
        assert ID.survey_refusal(Refusal.VISIT_USED, POLI_UMUM_NAME) in second.text
        assert second.page is not None
        assert f'href="/s/u_{POLI_UMUM}"' in second.page.text


async def test_a_browser_rates_a_unit_once_per_cooldown(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}")
    await citizen.agree()
    await citizen.answer_all()
    await citizen.open(f"/s/u_{POLI_UMUM}")
    assert ID.survey_refusal(Refusal.ALREADY_ANSWERED, POLI_UMUM_NAME) in citizen.text
    async with web_client(bot.application) as other_browser:
        other = WebCitizen(other_browser)
        await other.open(f"/s/u_{POLI_UMUM}")
        assert "Bersedia mengisi survei?" in other.text


async def test_a_post_without_the_pages_token_or_cookie_stores_nothing(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}")
    forged = await web.post(f"/s/u_{POLI_UMUM}/setuju", data={"answer": "yes"})
    assert forged.status_code == 403
    assert ID.web_form_expired() in read_page(forged.text)[1]
    async with httpx.AsyncClient(
        transport=web._transport, base_url="http://testserver"
    ) as no_cookies:
        refused = await no_cookies.post(
            f"/s/u_{POLI_UMUM}/setuju", data={**citizen.form.hidden, "answer": "yes"}
        )
    assert refused.status_code == 400
    assert await _responses(bot) == []


async def test_english_by_the_browser_or_by_asking(bot: Harness, web: httpx.AsyncClient) -> None:
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}", **{"accept-language": "en-GB,en;q=0.9,id;q=0.5"})
    assert "Would you like to take the survey?" in citizen.text
    async with web_client(bot.application) as other_browser:
        other = WebCitizen(other_browser)
        await other.open(f"/s/u_{POLI_UMUM}?lang=en")
        await other.agree()
        assert EN.web_next() in other.text  # the choice is kept for the pages that follow
        await other.open(f"/s/u_{POLI_UMUM}/q?lang=id")
        assert ID.web_next() in other.text


async def test_unknown_links_are_not_found(web: httpx.AsyncClient) -> None:
    assert (await web.get("/s/u_NOPE")).status_code == 404
    assert (await web.get("/s/" + "x" * 80)).status_code == 404
    assert (await web.get("/s/t_garbage")).status_code == 200  # a forged token: said so
    assert (await web.get("/t/PKM-PAUH-2026-000001?k=nope")).status_code == 404


async def test_pages_carry_no_third_party_asset_and_a_strict_policy(
    web: httpx.AsyncClient,
) -> None:
    page = await web.get(f"/s/u_{POLI_UMUM}")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "form-action 'self'" in policy
    assert "http" not in policy
    assert "://" not in page.text.replace("https://t.me/", "")
    assert page.headers["referrer-policy"] == "no-referrer"
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


async def _to_complaint(citizen: WebCitizen) -> None:
    await citizen.open(f"/s/u_{POLI_UMUM}")
    await citizen.agree()
    for _ in range(20):
        if citizen.step == "complaint":
            return
        await citizen.post(typed="30", choice="3", action="next")
    raise AssertionError(citizen.text)


async def test_a_web_citizen_deletes_their_data_and_the_cooldown_stays(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await _to_complaint(citizen)
    await citizen.post(typed="Toilet rusak", action="send")
    await citizen.answer_all()
    assert "Terima kasih!" in citizen.text
    await citizen.open("/s/hapus")
    assert _words(ID.web_delete_confirm(0)) in citizen.text
    await citizen.post()
    assert _words(ID.web_delete_done(1, 1)) in citizen.text
    [response] = await _responses(bot)
    [complaint] = await _complaints(bot)
    assert response.respondent_hash is None
    assert (complaint.text, complaint.reporter_hash) == (None, None)
    await citizen.open(f"/s/u_{POLI_UMUM}")  # deleting does not reopen the survey
    assert ID.survey_refusal(Refusal.ALREADY_ANSWERED, POLI_UMUM_NAME) in citizen.text


async def test_coming_back_resumes_and_an_answered_complaint_is_not_offered_for_editing(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    andi = await supervisor(bot)
    citizen = WebCitizen(web)
    await _to_complaint(citizen)
    await citizen.open(f"/s/u_{POLI_UMUM}")  # the poster again, mid-survey
    assert citizen.step == "complaint"
    assert _words(ID.survey_note(Note.RESUMED, None)) in citizen.text
    await citizen.post(typed="Antrean panjang", action="send")
    [complaint] = await _complaints(bot)
    alert = await andi.next_message()
    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    await andi.next_new_message()
    await andi.send("Sudah kami tambah petugas.")
    await andi.next_new_message()
    await citizen.post(action="back")
    assert citizen.step == "complaint"
    assert _words(ID.web_complaint_answered(complaint.ticket)) in citizen.text
    assert citizen.page is not None
    assert "<textarea" not in citizen.page.text
    assert "/status" not in citizen.text


async def test_the_language_link_keeps_a_tickets_key_and_the_choice_stays(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await _to_complaint(citizen)
    await citizen.post(typed="Ruang tunggu panas", action="send")
    await citizen.answer_all()
    [link] = [word for word in citizen.text.split() if "/t/" in word]
    page = await web.get(link)
    switch = page.text.split('class="lang-switch"><a href="')[1].split('"')[0]
    assert "k=" in switch
    assert "lang=en" in switch
    english = await web.get(switch.replace("&amp;", "&"))
    assert english.status_code == 200
    assert EN.web_ticket_title(link.split("/t/")[1].split("?")[0]) in english.text
    again = await web.get(link)  # the cookie keeps English
    assert '<html lang="en">' in again.text


async def test_a_photo_over_the_limit_is_not_read_and_said_so(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await _to_complaint(citizen)
    await citizen.post(typed="Lantai licin", action="send")
    assert citizen.step == "photo"
    big = b"\xff\xd8\xff" + b"0" * (bot.settings.max_photo_mb * 1024 * 1024 + 100_000)
    await citizen.post(files={"photo": ("big.jpg", big, "image/jpeg")}, action="send")
    assert citizen.step == "photo"
    assert _words(ID.survey_note(Note.PHOTO_TOO_LARGE, None)) in citizen.text


async def test_web_and_chat_answers_count_in_the_same_ikm(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    andi = await supervisor(bot)
    citizen = WebCitizen(web)
    await citizen.open(f"/s/u_{POLI_UMUM}")
    await citizen.agree()
    await citizen.answer_all(score="4")
    await rate_unit(bot.user(1031, "Siti"), dict.fromkeys(ELEMENT_CODES, 2), ID)
    await andi.send("/rekap")
    summary = (await andi.next_message()).text or ""
    assert "2 responden (0 terverifikasi)" in summary
    assert [(r.channel, r.status) for r in await _responses(bot)] == [
        (Channel.WEB, Status.COMPLETED),
        (Channel.TELEGRAM, Status.COMPLETED),
    ]


async def test_text_typed_on_a_page_already_passed_is_not_stored_and_said_so(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    citizen = WebCitizen(web)
    await _to_complaint(citizen)
    old = citizen.page
    await citizen.post(choice="skip")  # no complaint: on to the photo... or past it
    assert citizen.step != "complaint"
    citizen.page = old  # the other tab, still at the complaint
    await citizen.post(typed="Ditulis di tab lama", action="send")
    assert _words(ID.survey_note(Note.PAGE_MOVED, None)) in citizen.text
    assert await _complaints(bot) == []
