"""The web survey in a real browser (Debian's Chromium, headless, 360 px wide like a basic
phone, without JavaScript): a citizen completes it, their answer is in `kinerja export
responses`, a used token is refused; the pages are screenshot for docs/ when
KINERJA_SCREENSHOTS names a folder."""

from __future__ import annotations

import base64
import csv
import os
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from bot.texts import CATALOGUES
from bot.web.app import build_web_app
from kinerja.tokens import issue_visit_token
from kinerja.types import Language
from tests.bot.conftest import Harness, emulator_env, kinerja
from tests.bot.personas import POLI_UMUM, POLI_UMUM_NAME
from tests.web.conftest import _chromium, browser, in_browser, serve

__all__ = ["_chromium", "browser"]  # the fixtures, for this folder

PHONE = (360, 780)
ID = CATALOGUES[Language.ID]


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KINERJA_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _shot(browser: webdriver.Chrome, folder: Path, name: str) -> None:
    """A screenshot of the whole page (its height, at the phone's width)."""
    height = await in_browser(
        browser.execute_script, "return document.documentElement.scrollHeight"
    )
    shot = await in_browser(
        browser.execute_cdp_cmd,
        "Page.captureScreenshot",
        {
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": PHONE[0], "height": int(height), "scale": 1},
        },
    )
    (folder / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


async def _click(browser: webdriver.Chrome, css: str, *, navigates: bool = True) -> None:
    """Clicks `css`; when it submits or follows a link, waits for the next page."""
    page = await in_browser(browser.find_element, By.TAG_NAME, "html")
    element = await in_browser(browser.find_element, By.CSS_SELECTOR, css)
    await in_browser(element.click)
    if navigates:
        wait = WebDriverWait(browser, 10)
        await in_browser(wait.until, expected_conditions.staleness_of(page))


async def _step(browser: webdriver.Chrome) -> str | None:
    found = await in_browser(browser.find_elements, By.NAME, "step")
    return found[0].get_attribute("value") if found else None


async def _fits(browser: webdriver.Chrome) -> None:
    """Usable on the phone: nothing wider than its screen (no sideways scrolling), no script,
    every field labelled, every control at least 44 px high (a thumb's target, WCAG 2.5.5)."""
    width = await in_browser(browser.execute_script, "return document.documentElement.scrollWidth")
    assert width <= PHONE[0]
    problems = await in_browser(browser.execute_script, _CHECKS)
    assert problems == []


_CHECKS = """
const problems = [];
if (document.scripts.length) problems.push('a script');
for (const field of document.querySelectorAll('input:not([type=hidden]), textarea, select')) {
  const labelled = field.labels && field.labels.length > 0;
  if (!labelled) problems.push('unlabelled ' + field.name);
}
for (const control of document.querySelectorAll('button, a.button, .choices label')) {
  const height = control.getBoundingClientRect().height;
  if (height < 44) problems.push('small ' + control.textContent.trim() + ' ' + height);
}
return problems;
"""


async def test_a_citizen_completes_the_web_survey_in_a_browser(
    bot: Harness, browser: webdriver.Chrome, tmp_path: Path, database_url: str
) -> None:
    shots = _shots(tmp_path)
    await in_browser(browser.set_window_size, *PHONE)
    async with serve(build_web_app(bot.application, webhook=False)) as root:
        await in_browser(browser.get, f"{root}/s/u_{POLI_UMUM}")
        assert POLI_UMUM_NAME in browser.title
        await _fits(browser)
        await _shot(browser, shots, "survey-1-consent")
        await _click(browser, "#agree")
        seen: list[str] = []
        for _ in range(30):
            step = await _step(browser)
            if step is None:
                break
            await _fits(browser)
            if step not in seen:
                seen.append(step)
                if step in ("U1", "waiting", "complaint", "photo", "importance"):
                    await _shot(browser, shots, f"survey-q-{step}")
            if step == "waiting":
                typed = await in_browser(browser.find_element, By.ID, "typed")
                await in_browser(typed.send_keys, "20")
                await _click(browser, "#next")
            elif step == "complaint":
                typed = await in_browser(browser.find_element, By.ID, "typed")
                await in_browser(typed.send_keys, "Kursi ruang tunggu kurang.")
                await _click(browser, "#send")
            elif step == "photo":
                await _click(browser, "button[name=choice][value=skip]")
            elif step.startswith("U") or step in ("overall", "importance"):
                await _click(browser, ".choices label:first-child input", navigates=False)
                await _click(browser, "#next")
            else:
                await _click(browser, "#skip")
        assert seen[0] == "U1"
        assert {"waiting", "complaint", "photo", "importance"} <= set(seen)
        thanks = await in_browser(browser.find_element, By.ID, "thanks")
        assert "Terima kasih!" in thanks.text
        await _shot(browser, shots, "survey-2-thanks")
        await _click(browser, "#ticket-link")
        status = await in_browser(browser.find_element, By.ID, "status")
        assert "diterima, menunggu ditangani" in status.text
        await _shot(browser, shots, "survey-3-ticket")

    out = tmp_path / "responses.csv"
    day = bot.clock().astimezone(bot.settings.zone).date().isoformat()
    code, output = await kinerja(
        "export",
        "responses",
        "--from",
        day,
        "--to",
        day,
        "--out",
        str(out),
        env=emulator_env(bot.emulator, database_url),
        cwd=tmp_path,
    )
    assert code == 0, output
    with out.open(encoding="utf-8-sig") as file:
        [row] = list(csv.DictReader(file))
    assert (row["unit_code"], row["channel"], row["waiting_minutes"]) == (POLI_UMUM, "web", "20")
    assert row["complaint_ticket"]


async def test_a_used_token_is_refused_on_the_web(bot: Harness, browser: webdriver.Chrome) -> None:
    services = bot.application.bot_data.services
    async with services.database.snapshot() as tx:
        unit = await tx.units.by_code(POLI_UMUM)
    assert unit is not None
    token = issue_visit_token(services.secret, unit.id, bot.clock(), nonce=21)
    siti = bot.user(1021, "Siti")
    await siti.start(token)
    await siti.press(await siti.next_message(), ID.consent_agree())
    await siti.next_message()
    async with serve(build_web_app(bot.application, webhook=False)) as root:
        await in_browser(browser.get, f"{root}/s/{token}")
        refusal = await in_browser(browser.find_element, By.ID, "refusal")
        assert "sudah pernah dipakai" in refusal.text
        await _click(browser, "a.button")  # the unverified way in, as in the chat
        assert (
            "Bersedia mengisi survei?"
            in (await in_browser(browser.find_element, By.TAG_NAME, "body")).text
        )
