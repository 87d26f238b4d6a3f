"""A citizen on the web survey, as a browser without JavaScript: opens a page, reads its form,
posts an answer, follows the redirect. Through the real web app, in process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.app import KinerjaApplication
from bot.web.app import build_web_app
from tests.bot.web.forms import Form, read_page


class WebCitizen:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.page: httpx.Response | None = None

    @property
    def text(self) -> str:
        assert self.page is not None
        return read_page(self.page.text)[1]

    @property
    def form(self) -> Form:
        assert self.page is not None
        forms, text = read_page(self.page.text)
        assert forms, text
        return forms[0]

    @property
    def step(self) -> str | None:
        assert self.page is not None
        forms, _ = read_page(self.page.text)
        return forms[0].hidden.get("step") if forms else None

    async def open(self, path: str, **headers: str) -> httpx.Response:
        self.page = await self.client.get(path, headers=headers)
        return self.page

    async def post(
        self, files: dict[str, tuple[str, bytes, str]] | None = None, **values: str
    ) -> httpx.Response:
        form = self.form
        self.page = await self.client.post(form.action, data={**form.hidden, **values}, files=files)
        return self.page

    async def agree(self) -> httpx.Response:
        return await self.post(answer="yes")

    async def answer_all(
        self, *, score: str = "4", waiting: str = "15", complaint: str | None = None
    ) -> httpx.Response:
        """Answers every question that follows: `score` for the elements and the overall
        rating, the waiting time typed, the complaint (or none), the rest left out."""
        for _ in range(40):
            step = self.step
            if step is None or "/q" not in str(self.page.url if self.page else ""):
                break
            if step == "waiting":
                await self.post(typed=waiting, action="next")
            elif step == "complaint":
                if complaint is None:
                    await self.post(choice="skip")
                else:
                    await self.post(typed=complaint, action="send")
                    complaint = None if self.step != "complaint" else complaint
            elif step == "photo":
                await self.post(choice="skip")
            elif step.startswith("U") or step == "overall":
                await self.post(choice=score, action="next")
            else:
                await self.post(action="skip")
        assert self.page is not None
        return self.page


@asynccontextmanager
async def web_client(application: KinerjaApplication) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_web_app(application, webhook=False))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", follow_redirects=True
    ) as client:
        yield client
