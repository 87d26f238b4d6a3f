"""The dashboard in-process (httpx on the ASGI app), on the running bot and its real database:
who gets in, what they see, and that nothing outside their subtree exists for them."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
from openpyxl import load_workbook

from bot.emulator.webapp import signed_init_data
from bot.texts import CATALOGUES
from bot.texts.dashboard import Column, Page
from bot.web.app import build_web_app
from bot.web.dashboard import COOKIE, XLSX
from kinerja.complaints import TicketStatus
from kinerja.miniapp import InitDataProblem
from kinerja.types import Language
from tests import seed
from tests.bot.conftest import Harness
from tests.bot.personas import ANDI_NIP
from tests.web.dashboard_seed import ANDI, RINA, SARI, Seeded, seed_two_puskesmas

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
PAGES = ["iku", "ikm", "unsur", "pengaduan", "kepatuhan", "chart.svg", "ekspor.xlsx"]
LBUKIT = ["PKM-LBUKIT", "PKM-LBUKIT-DAFTAR", "PKM-LBUKIT-UMUM", "PKM-LBUKIT-KIA"]


@pytest.fixture
async def seeded(bot: Harness) -> Seeded:
    return await seed_two_puskesmas(bot.application.bot_data.services.database)


@pytest.fixture
async def web(bot: Harness, seeded: Seeded) -> AsyncIterator[httpx.AsyncClient]:
    app = build_web_app(bot.application, webhook=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as client:
        yield client


def _init_data(bot: Harness, user: dict[str, object], *, age: timedelta = timedelta()) -> str:
    when = int((bot.clock() - age).timestamp())
    return signed_init_data(bot.emulator.token, user, auth_date=when)


async def _open(web: httpx.AsyncClient, init_data: str, **headers: str) -> httpx.Response:
    return await web.post("/app/session", data={"init_data": init_data}, headers=headers)


async def _login(web: httpx.AsyncClient, bot: Harness, user: dict[str, object] = ANDI) -> None:
    opened = await _open(web, _init_data(bot, user))
    assert opened.status_code == 303, opened.text
    assert opened.headers["location"] == "/app/iku"


async def test_the_bootstrap_page_loads_telegrams_script_and_ours_and_nothing_inline(
    web: httpx.AsyncClient,
) -> None:
    page = await web.get("/app")
    assert page.status_code == 200
    assert '<script src="https://telegram.org/js/telegram-web-app.js"></script>' in page.text
    assert '<script src="/static/dashboard.js" defer></script>' in page.text
    assert "<script>" not in page.text
    assert " style=" not in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self' https://telegram.org;" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors https://web.telegram.org" in csp
    assert "x-frame-options" not in page.headers
    script = await web.get("/static/dashboard.js")
    assert script.status_code == 200
    assert "themeParams" in script.text


async def test_a_supervisor_gets_a_short_httponly_session_and_the_iku_table(
    web: httpx.AsyncClient, bot: Harness
) -> None:
    opened = await _open(web, _init_data(bot, ANDI))
    assert opened.status_code == 303
    cookie = opened.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    for attribute in ("HttpOnly", "Max-Age=3600", "Path=/app", "SameSite=strict"):
        assert attribute in cookie
    page = await web.get("/app/iku")
    assert page.status_code == 200
    assert "<h1>Puskesmas Pauh</h1>" in page.text
    assert 'id="iku"' in page.text
    assert f'<th class="num">{ID.dashboard_column(Column.CAPAIAN)}</th>' in page.text
    assert "Poli Umum (Puskesmas Pauh)" in page.text  # the units below, to drill into
    assert "85,56 (B)" in page.text  # domain.md's five respondents, as the summary says


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        pytest.param(
            lambda bot: signed_init_data("654321:OTHER-BOT", ANDI, auth_date=_now(bot)),
            InitDataProblem.FORGED,
            id="another bot's",
        ),
        pytest.param(
            lambda bot: _forged(_init_data(bot, ANDI)), InitDataProblem.FORGED, id="forged"
        ),
        pytest.param(
            lambda bot: _init_data(bot, ANDI, age=timedelta(hours=1, seconds=1)),
            InitDataProblem.EXPIRED,
            id="expired",
        ),
        pytest.param(lambda bot: "", InitDataProblem.MALFORMED, id="none"),
        pytest.param(lambda bot: _init_data(bot, RINA), None, id="an ASN, no supervisor"),
        pytest.param(
            lambda bot: _init_data(bot, {"id": 9999, "first_name": "Warga"}),
            None,
            id="a citizen",
        ),
    ],
)
async def test_anything_else_is_refused_politely_with_403(
    web: httpx.AsyncClient, bot: Harness, make: object, problem: InitDataProblem | None
) -> None:
    refused = await _open(web, make(bot))  # type: ignore[operator]
    assert refused.status_code == 403
    assert "set-cookie" not in refused.headers
    assert ID.dashboard_refused(problem) in refused.text
    assert (await web.get("/app/iku")).status_code == 403


def _now(bot: Harness) -> int:
    return int(bot.clock().timestamp())


def _forged(init_data: str) -> str:
    """Andi's signed data with the user swapped for Sari: the hash no longer matches."""
    fields = dict(parse_qsl(init_data))
    fields["user"] = fields["user"].replace(str(ANDI["id"]), str(SARI["id"]))
    return urlencode(fields)


async def test_the_refusal_speaks_the_users_language(web: httpx.AsyncClient, bot: Harness) -> None:
    english = {**ANDI, "language_code": "en"}
    refused = await _open(web, _init_data(bot, english, age=timedelta(days=1)))
    assert refused.status_code == 403
    assert EN.dashboard_refused(InitDataProblem.EXPIRED) in refused.text
    assert '<html lang="en">' in refused.text


async def test_a_foreign_origin_cannot_log_anyone_in(web: httpx.AsyncClient, bot: Harness) -> None:
    refused = await _open(web, _init_data(bot, ANDI), origin="https://evil.example")
    assert refused.status_code == 403
    assert "set-cookie" not in refused.headers


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_needs_the_session(
    web: httpx.AsyncClient, bot: Harness, path: str
) -> None:
    assert (await web.get(f"/app/{path}")).status_code == 403
    web.cookies.set(COOKIE, "bm90IG91cnM", domain="kinerja.test", path="/app")
    page = await web.get(f"/app/{path}")
    assert page.status_code == 403
    assert ID.dashboard_session_over() in page.text


async def test_a_session_ends_with_its_age_or_the_supervisors_role(
    web: httpx.AsyncClient, bot: Harness, seeded: Seeded
) -> None:
    await _login(web, bot)
    assert (await web.get("/app/iku")).status_code == 200
    bot.clock.advance(timedelta(hours=1))
    assert (await web.get("/app/iku")).status_code == 403
    bot.clock.advance(-timedelta(hours=1))
    async with bot.application.bot_data.services.database.transaction() as tx:
        await tx.staff.deactivate(ANDI_NIP, bot.clock())
    assert (await web.get("/app/iku")).status_code == 403


async def test_another_puskesmas_does_not_exist_on_any_url(
    web: httpx.AsyncClient, bot: Harness
) -> None:
    """dr. Andi of Puskesmas Pauh walks every dashboard URL with each unit of Lambung Bukit,
    the kecamatan above his puskesmas and ids that were never given: 404 on all, as if none
    of them existed; his own units answer."""
    await _login(web, bot)
    database = bot.application.bot_data.services.database
    foreign = [await seed.unit_id(database, code) for code in [*LBUKIT, "PAUH"]]
    own = [await seed.unit_id(database, code) for code in ("PKM-PAUH", "PKM-PAUH-UMUM")]
    for path in PAGES:
        for unit in [*map(str, foreign), "999999", "x", "-1"]:
            page = await web.get(f"/app/{path}", params={"unit": unit, "period": "2026-W48"})
            assert page.status_code == 404, (path, unit)
            assert "Lambung Bukit" not in page.text
            assert "rahasia" not in page.text
        for named in LBUKIT:  # a unit code typed where /rekap takes one
            page = await web.get(f"/app/{path}", params={"period": f"2026-W48 {named}"})
            assert page.status_code == 404, (path, named)
        for own_id in own:
            page = await web.get(f"/app/{path}", params={"unit": own_id})
            assert page.status_code == 200, (path, own_id)
            assert "rahasia" not in page.text


async def test_the_complaints_show_status_and_follow_up_escaped(
    web: httpx.AsyncClient, bot: Harness
) -> None:
    await _login(web, bot)
    page = await web.get("/app/pengaduan")
    assert page.status_code == 200
    assert "PKM-PAUH-2026-000001" in page.text
    assert "PKM-PAUH-2026-000002" in page.text
    assert "Jadwal dokter ditempel di loket" in page.text
    assert ID.dashboard_ticket_status(TicketStatus.CLOSED) in page.text
    assert "panas &lt;b&gt;sekali&lt;/b&gt;" in page.text
    assert "Lambung Bukit" not in page.text


async def test_compliance_names_who_did_not_report(web: httpx.AsyncClient, bot: Harness) -> None:
    await _login(web, bot)
    page = await web.get("/app/kepatuhan")
    assert page.status_code == 200
    assert "Budi Santoso" in page.text
    assert "Rina Marlina" in page.text
    assert page.text.index("Budi Santoso") < page.text.index("Rina Marlina")  # most missed first


async def test_the_elements_carry_their_official_names(
    web: httpx.AsyncClient, bot: Harness
) -> None:
    await _login(web, bot)
    umum = await seed.unit_id(bot.application.bot_data.services.database, "PKM-PAUH-UMUM")
    page = await web.get("/app/unsur", params={"unit": umum})
    assert page.status_code == 200
    for code, nrr in zip(
        ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"),
        ("3,6000", "3,6000", "3,0000", "3,8000", "3,4000", "3,6000", "3,8000", "3,0000", "3,0000"),
        strict=True,
    ):
        assert ID.element_name(code) in page.text
        assert nrr in page.text


async def test_the_chart_is_svg_drawn_here(web: httpx.AsyncClient, bot: Harness) -> None:
    await _login(web, bot)
    chart = await web.get("/app/chart.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"] == "image/svg+xml"
    assert "<svg" in chart.text
    assert "<script" not in chart.text
    assert 'href="http' not in chart.text


async def test_the_excel_is_the_ekspor_workbook(web: httpx.AsyncClient, bot: Harness) -> None:
    await _login(web, bot)
    download = await web.get("/app/ekspor.xlsx", params={"period": "2026-W48"})
    assert download.status_code == 200
    assert "kinerja-PKM-PAUH-2026-W48.xlsx" in download.headers["content-disposition"]
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["IKU", "SKM per unsur", "Pengaduan", "Kepatuhan ASN"]


async def test_telegrams_downloader_gets_the_workbook_with_the_links_short_pass(
    web: httpx.AsyncClient, bot: Harness
) -> None:
    """Telegram's downloadFile fetches the link itself, without the page's cookie."""
    await _login(web, bot)
    page = await web.get("/app/iku", params={"period": "2026-W48"})
    link = page.text.split('id="download"')[0].rsplit('href="', 1)[1].split('"')[0]
    link = link.replace("&amp;", "&")
    assert "pass=" in link
    session = web.cookies.get(COOKIE)
    transport = web._transport
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as bare:
        fetched = await bare.get(link)
        assert fetched.status_code == 200
        assert fetched.headers["content-type"].startswith(XLSX)
        # The pass opens the workbook only, and a session cookie is no pass.
        unit_and_pass = link.split("?", 1)[1]
        assert (await bare.get(f"/app/iku?{unit_and_pass}")).status_code == 403
        forged = link.split("pass=")[0] + f"pass={session}"
        assert (await bare.get(forged)).status_code == 403
        bot.clock.advance(timedelta(minutes=6))
        assert (await bare.get(link)).status_code == 403


@pytest.mark.parametrize(
    ("words", "status"),
    [
        pytest.param("2026-W47", 200, id="a key"),
        pytest.param("bulan", 200, id="a word"),
        pytest.param("minggu lalu", 200, id="two words"),
        pytest.param("2027-W01", 400, id="not begun"),
        pytest.param("besok", 400, id="unknown"),
    ],
)
async def test_the_periods_rekap_takes(
    web: httpx.AsyncClient, bot: Harness, words: str, status: int
) -> None:
    await _login(web, bot)
    assert (await web.get("/app/iku", params={"period": words})).status_code == status


async def test_an_english_supervisor_reads_english(web: httpx.AsyncClient, bot: Harness) -> None:
    await _login(web, bot, SARI)
    page = await web.get("/app/iku")
    assert page.status_code == 200
    assert "<h1>Puskesmas Lambung Bukit</h1>" in page.text
    assert EN.dashboard_tab(Page.COMPLIANCE) in page.text


async def test_behind_a_tls_proxy_the_session_opens_from_the_public_origin_and_frames(
    bot: Harness, seeded: Seeded
) -> None:
    """nginx passes its own upstream as Host; the browser names the public address as Origin.
    The cookie must reach a frame of Telegram Web: SameSite=None, Secure, Partitioned."""
    services = bot.application.bot_data.services
    public = services.settings.model_copy(update={"public_url": "https://kinerja.example.go.id"})
    app = build_web_app(bot.application, webhook=False)
    app.state.services = dataclasses.replace(services, settings=public)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://backends") as client:
        opened = await _open(client, _init_data(bot, ANDI), origin="https://kinerja.example.go.id")
        assert opened.status_code == 303, opened.text
        cookie = opened.headers["set-cookie"]
        for attribute in ("HttpOnly", "Secure", "SameSite=none", "Partitioned", "Path=/app"):
            assert attribute in cookie
        refused = await _open(client, _init_data(bot, ANDI), origin="http://backends")
        assert refused.status_code == 403


async def test_an_oversized_session_post_is_not_read(web: httpx.AsyncClient) -> None:
    refused = await web.post("/app/session", data={"init_data": "x" * 200_000})
    assert refused.status_code == 403
    assert "set-cookie" not in refused.headers
