"""The browser fixture itself: a phone-sized headless Chromium that reaches only this machine."""

from __future__ import annotations

from selenium import webdriver
from selenium.webdriver.common.by import By
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from tests.web.conftest import WINDOW, in_browser, serve

PAGE = (
    "<!doctype html><meta name=viewport content='width=device-width'>"
    "<title>probe</title><img src='https://cdn.example.com/x.png'><p id=w></p>"
)


async def _page(_: Request) -> HTMLResponse:
    return HTMLResponse(PAGE)


async def test_the_browser_is_phone_sized_and_offline(browser: webdriver.Chrome) -> None:
    async with serve(Starlette(routes=[Route("/", _page)])) as root:
        await in_browser(browser.get, root + "/")
        assert browser.title == "probe"
        width = await in_browser(browser.execute_script, "return window.innerWidth")
        assert width == WINDOW[0]
        loaded = await in_browser(browser.execute_script, "return document.images[0].naturalWidth")
        assert loaded == 0  # the CDN image never loads
        assert browser.find_element(By.ID, "w").tag_name == "p"
