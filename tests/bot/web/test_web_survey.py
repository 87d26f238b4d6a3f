"""The citizen survey on the web, walked as a browser without JavaScript walks it: through the
real web app and the real use cases, against the test's database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select

from bot.web.app import build_web_app
from db import models
from kinerja.survey import Status
from kinerja.types import Channel
from tests.bot.conftest import Harness
from tests.bot.personas import POLI_UMUM
from tests.bot.web.forms import read_page


@pytest.fixture
async def web(bot: Harness) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_web_app(bot.application, webhook=False))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", follow_redirects=True
    ) as client:
        yield client


async def _post(web: httpx.AsyncClient, html: str, **values: str) -> httpx.Response:
    forms, _ = read_page(html)
    form = forms[0]
    return await web.post(form.action, data={**form.hidden, **values})


async def test_a_citizen_completes_the_survey_on_the_web(
    bot: Harness, web: httpx.AsyncClient
) -> None:
    page = await web.get(f"/s/u_{POLI_UMUM}")
    assert page.status_code == 200
    _, text = read_page(page.text)
    assert "Bersedia mengisi survei?" in text
    page = await _post(web, page.text, answer="yes")
    steps = 0
    while "/q" in str(page.url):
        forms, text = read_page(page.text)
        form = forms[0]
        step = form.hidden["step"]
        if step == "waiting":
            page = await _post(web, page.text, typed="15", action="next")
        elif step == "complaint":
            page = await _post(web, page.text, choice="skip")
        elif form.choices:
            page = await _post(web, page.text, choice=form.choices[-1], action="next")
        else:
            raise AssertionError(text)
        assert page.status_code == 200, page.text
        steps += 1
        assert steps < 30
    _, text = read_page(page.text)
    assert "Terima kasih!" in text
    async with bot.application.bot_data.services.database.snapshot() as tx:
        rows = list(await tx.session.scalars(select(models.SurveyResponse)))
    assert [(r.status, r.channel, r.waiting_minutes) for r in rows] == [
        (Status.COMPLETED, Channel.WEB, 15)
    ]
