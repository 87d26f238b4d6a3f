"""Web fixtures: the system Chromium, headless, as a phone-sized window (`browser`), and the web
app served on a free local port (`serve`).

Nothing is downloaded at run time: the driver is Debian's `/usr/bin/chromedriver` (Selenium
Manager never runs), Chromium resolves no host but 127.0.0.1 and never fetches updates, and
downloads are refused (a file a page offers is tested over HTTP, not through the browser).

Selenium's calls block, and the app under test runs in the test's event loop: call the driver
from a thread (`await asyncio.to_thread(browser.get, url)`, or `in_browser`), never directly,
or the page waits for a loop that is waiting for the page.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from starlette.types import ASGIApp

from bot.web.server import WebServer
from tests.bot.conftest import bot, emulator

__all__ = ["bot", "emulator"]  # the end-to-end fixtures, for pages that need the running bot

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (390, 844)
"""An iPhone 12–14's CSS pixels: the size supervisors open the Mini App at."""

T = TypeVar("T")


def _options() -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--no-sandbox",  # CI runs as root in a container
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        # Anything but this machine fails to resolve: a page's stray CDN link cannot pass.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download_restrictions": 3,  # block every download
            "download.prompt_for_download": False,
            "intl.accept_languages": "id,en",
        },
    )
    return options


@pytest.fixture(scope="session")
def _chromium() -> Iterator[webdriver.Chrome]:
    """One browser for the session (starting one costs seconds on a shared machine)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and chromium-driver (see .ci/run)")
        pytest.skip("needs Debian's chromium and chromium-driver")
    driver = webdriver.Chrome(options=_options(), service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(_chromium: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """Headless Chromium at 390×844, as if new: no cookies or storage from an earlier test."""
    _chromium.set_window_size(*WINDOW)
    yield _chromium
    _chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _chromium.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": "*", "storageTypes": "all"})
    _chromium.get("about:blank")


async def in_browser(call: Callable[..., T], *args: object) -> T:
    """A driver call in a thread, so the app in this loop can answer it."""
    return await asyncio.to_thread(call, *args)


@contextlib.asynccontextmanager
async def serve(app: ASGIApp) -> AsyncIterator[str]:
    """`app` on a free port of 127.0.0.1, in this event loop; yields its root URL."""
    server = WebServer(app, "127.0.0.1", 0, grace=1.0)
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()
