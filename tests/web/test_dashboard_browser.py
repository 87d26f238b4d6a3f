"""The Mini App in a real browser (headless Chromium at 390 px), as Telegram opens it: the page
with the launch parameters in its fragment, Telegram's script (a local stand-in) and ours.

Screenshots of every page are taken on each run; with KINERJA_SCREENSHOTS=1 they are written
to docs/screenshots/ (that is how the ones there were made)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait
from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Route

from bot.app import KinerjaApplication
from bot.emulator import BotApiEmulator
from bot.emulator.webapp import signed_init_data
from bot.texts import CATALOGUES
from bot.web.app import build_web_app
from db.engine import Database
from kinerja.miniapp import InitDataProblem
from kinerja.types import Language
from tests.bot.conftest import make_settings, start_bot, stop_bot
from tests.clock import FakeClock
from tests.conftest import ROOT
from tests.web.conftest import in_browser, serve
from tests.web.dashboard_seed import ANDI, seed_two_puskesmas

ID = CATALOGUES[Language.ID]
STUB = Path(__file__).with_name("telegram-web-app.stub.js")
SCREENSHOTS = ROOT / "docs" / "screenshots"
LIGHT = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
    "section_separator_color": "#e7e7e7",
    "destructive_text_color": "#e53935",
}
DARK = {
    "bg_color": "#212121",
    "text_color": "#ffffff",
    "hint_color": "#aaaaaa",
    "link_color": "#8774e1",
    "button_color": "#8774e1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#181818",
    "section_separator_color": "#3a3a3a",
    "destructive_text_color": "#ff595a",
}


@pytest.fixture
async def telegram_script() -> AsyncIterator[str]:
    """telegram-web-app.js, as the stand-in, from an origin of its own (as telegram.org is)."""

    async def script(_: object) -> FileResponse:
        return FileResponse(STUB, media_type="text/javascript")

    async with serve(Starlette(routes=[Route("/js/telegram-web-app.js", script)])) as root:
        yield f"{root}/js/telegram-web-app.js"


@pytest.fixture
async def dashboard(
    emulator: BotApiEmulator,
    catalog_database: Database,
    database_url: str,
    clock: FakeClock,
    telegram_script: str,
) -> AsyncIterator[tuple[str, KinerjaApplication]]:
    """The running bot with its web app on a free port; yields the app's root URL."""
    settings = make_settings(emulator, database_url, webapp_script_url=telegram_script)
    application = await start_bot(settings, clock)
    try:
        await seed_two_puskesmas(application.bot_data.services.database)
        async with serve(build_web_app(application, webhook=False)) as root:
            yield root, application
    finally:
        await stop_bot(application)


def _launch_url(root: str, init_data: str, theme: dict[str, str]) -> str:
    """Where Telegram points the webview: the Mini App's URL, its launch data in the fragment."""
    fragment = f"tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0"
    fragment += f"&tgWebAppThemeParams={quote(json.dumps(theme), safe='')}"
    return f"{root}/app#{fragment}"


def _wait_for(browser: webdriver.Chrome, element_id: str) -> None:
    WebDriverWait(browser, 15).until(
        expected_conditions.presence_of_element_located((By.ID, element_id))
    )


def _screenshot(browser: webdriver.Chrome, path: Path) -> None:
    """The whole page at 390 px wide, however long it is."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(390, max(844, int(height)))
    browser.save_screenshot(str(path))
    browser.set_window_size(390, 844)


def _keep(shot: Path) -> None:
    if os.environ.get("KINERJA_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOTS / shot.name)


def _css(browser: webdriver.Chrome, selector: str, prop: str) -> str:
    script = "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]"
    return str(browser.execute_script(script, selector, prop))


async def test_the_mini_app_opens_with_signed_init_data_in_telegrams_colours(
    browser: webdriver.Chrome,
    dashboard: tuple[str, KinerjaApplication],
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    root, application = dashboard
    token = application.bot.token
    init_data = signed_init_data(token, ANDI, auth_date=int(clock().timestamp()))
    await in_browser(browser.get, _launch_url(root, init_data, LIGHT))
    await in_browser(_wait_for, browser, "iku")
    assert browser.current_url == f"{root}/app/iku"
    rows = browser.find_elements(By.CSS_SELECTOR, "#iku tbody tr")
    assert rows
    assert "Puskesmas Pauh" in browser.find_element(By.TAG_NAME, "h1").text
    stub = await in_browser(browser.execute_script, "return window.__telegramStub")
    assert stub["ready"] == 1
    assert stub["expand"] == 1
    # The Excel goes through Telegram's downloader, with the link's short pass.
    await in_browser(browser.execute_script, "document.getElementById('download').click()")
    stub = await in_browser(browser.execute_script, "return window.__telegramStub")
    [download] = stub["downloads"]
    assert download["file_name"] == "rekap.xlsx"
    assert download["url"].startswith(f"{root}/app/ekspor.xlsx?")
    assert "pass=" in download["url"]
    link = await in_browser(_css, browser, "nav.tabs a[aria-current]", "background-color")
    assert link == "rgb(51, 144, 236)"  # Telegram's button colour, #3390ec
    width = await in_browser(browser.execute_script, "return document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone

    for tab, element in (
        ("iku", "iku"),
        ("ikm", "ikm-chart"),
        ("unsur", "unsur"),
        ("pengaduan", "pengaduan"),
        ("kepatuhan", "kepatuhan"),
    ):
        await in_browser(browser.get, f"{root}/app/{tab}")
        await in_browser(_wait_for, browser, element)
        if tab == "ikm":
            loaded = await in_browser(
                browser.execute_script,
                "var i = document.querySelector('img.chart');"
                "return i.complete && i.naturalWidth > 0",
            )
            assert loaded
        shot = tmp_path / f"dashboard-{tab}.png"
        await in_browser(_screenshot, browser, shot)
        _keep(shot)

    # The theme follows the user's app: dark, from a new launch.
    await in_browser(browser.get, _launch_url(root, init_data, DARK))
    await in_browser(_wait_for, browser, "iku")
    assert await in_browser(_css, browser, "body", "background-color") == "rgb(33, 33, 33)"
    shot = tmp_path / "dashboard-iku-gelap.png"
    await in_browser(_screenshot, browser, shot)
    _keep(shot)


@pytest.mark.parametrize(
    ("problem", "signing"),
    [
        pytest.param(InitDataProblem.FORGED, "forged", id="forged"),
        pytest.param(InitDataProblem.EXPIRED, "expired", id="expired"),
        pytest.param(InitDataProblem.FORGED, "other bot", id="another bot's"),
    ],
)
async def test_the_mini_app_refuses_what_telegram_did_not_sign_for_this_bot(
    browser: webdriver.Chrome,
    dashboard: tuple[str, KinerjaApplication],
    clock: FakeClock,
    tmp_path: Path,
    problem: InitDataProblem,
    signing: str,
) -> None:
    root, application = dashboard
    now = int(clock().timestamp())
    token = application.bot.token
    if signing == "forged":
        init_data = signed_init_data(token, ANDI, auth_date=now).replace("Andi", "Sari")
    elif signing == "expired":
        init_data = signed_init_data(token, ANDI, auth_date=now - 3601)
    else:
        init_data = signed_init_data("654321:ANOTHER-BOT", ANDI, auth_date=now)
    await in_browser(browser.get, _launch_url(root, init_data, LIGHT))
    await in_browser(_wait_for, browser, "refusal")
    assert browser.find_element(By.ID, "refusal").text == ID.dashboard_refused(problem)
    await in_browser(browser.get, f"{root}/app/iku")
    await in_browser(_wait_for, browser, "refusal")
    assert browser.find_element(By.ID, "refusal").text == ID.dashboard_session_over()
    if signing == "forged":
        shot = tmp_path / "dashboard-ditolak.png"
        await in_browser(browser.get, _launch_url(root, init_data, LIGHT))
        await in_browser(_wait_for, browser, "refusal")
        await in_browser(_screenshot, browser, shot)
        _keep(shot)


async def test_outside_telegram_the_page_says_where_to_open_it(
    browser: webdriver.Chrome, dashboard: tuple[str, KinerjaApplication]
) -> None:
    root, _ = dashboard
    await in_browser(browser.get, f"{root}/app")
    WebDriverWait(browser, 10).until(
        expected_conditions.visibility_of_element_located((By.ID, "outside"))
    )
    assert browser.find_element(By.ID, "outside").text == ID.dashboard_outside_telegram()
