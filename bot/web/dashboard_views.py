"""The dashboard's tables as rows of text: what a use case returned, worded by the catalogue with
the chat summary's own formats (`bot.render.summary`), so a figure reads the same in both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from urllib.parse import urlencode

from bot.render.summary import target_text
from bot.texts import Texts
from bot.texts.dashboard import Page
from bot.texts.format import date_time, number, percent
from bot.usecases.dashboard import ComplaintsPage, CompliancePage, ElementsPage
from kinerja.periods import Period
from kinerja.skm import NRR_PLACES
from kinerja.summary import Status, UnitSummary
from kinerja.types import Language

STATUS_CLASSES = {
    Status.MET: "status-good",
    Status.NEAR: "status-near",
    Status.BELOW: "status-bad",
    Status.NO_DATA: "muted",
}


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    current: bool = False


def page_url(page: Page | str, unit_id: int, period: Period) -> str:
    return f"/app/{page}?" + urlencode({"unit": unit_id, "period": period.key})


def tabs(texts: Texts, current: Page, unit_id: int, period: Period) -> list[Link]:
    return [
        Link(texts.dashboard_tab(page), page_url(page, unit_id, period), page is current)
        for page in Page
    ]


@dataclass(frozen=True, slots=True)
class IkuRow:
    name: str
    target: str
    realisation: str
    capaian: str
    status: str
    status_class: str


def iku_rows(texts: Texts, unit: UnitSummary) -> list[IkuRow]:
    rows = []
    for line in unit.lines:
        name = line.indicator.name if texts.language is Language.ID else line.indicator.name_en
        shown = line.shown
        rows.append(
            IkuRow(
                name=name,
                target=target_text(texts, line),
                realisation="–"
                if shown is None
                else texts.measure(shown, line.measure, line.places),
                capaian="–" if line.result is None else percent(line.result.raw, texts.language),
                status=texts.dashboard_status(line.status),
                status_class=STATUS_CLASSES[line.status],
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class UnitRow:
    name: str
    href: str
    ikm: str
    respondents: int


def unit_rows(
    texts: Texts,
    children: tuple[UnitSummary, ...],
    unit_ids: dict[str, int],
    page: Page,
    period: Period,
) -> list[UnitRow]:
    rows = []
    for child in children:
        view = child.satisfaction
        ikm = (
            "–"
            if view.ikm is None or view.grade is None
            else f"{number(view.ikm, texts.language)} ({view.grade.value})"
        )
        href = page_url(page, unit_ids[child.unit.code], period)
        rows.append(UnitRow(child.unit.name, href, ikm, view.respondents))
    return rows


def satisfaction_text(texts: Texts, unit: UnitSummary) -> str:
    view = unit.satisfaction
    return texts.dashboard_satisfaction(
        view.ikm, view.grade, view.respondents, view.required_sample
    )


@dataclass(frozen=True, slots=True)
class ElementRow:
    code: str
    name: str
    answers: int
    nrr: str
    grade: str


def element_rows(texts: Texts, page: ElementsPage) -> list[ElementRow]:
    """The nine unsur with the names the regulation gives them, in questionnaire order."""
    return [
        ElementRow(
            e.code,
            texts.element_name(e.code),
            e.answers,
            number(e.nrr_display, texts.language, NRR_PLACES),
            e.grade.value,
        )
        for e in page.elements
    ]


@dataclass(frozen=True, slots=True)
class ComplaintRow:
    ticket: str
    unit: str
    received: str
    status: str
    serious: bool
    text: str
    follow_up: str


def complaint_rows(texts: Texts, page: ComplaintsPage, zone: tzinfo) -> list[ComplaintRow]:
    return [
        ComplaintRow(
            c.ticket,
            c.unit_name,
            date_time(c.created_at.astimezone(zone), texts.language),
            texts.dashboard_ticket_status(c.status),
            c.serious,
            c.text or "",
            c.follow_up or "",
        )
        for c in page.complaints
    ]


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    name: str
    unit: str
    reported: str
    missing: int


def compliance_rows(page: CompliancePage) -> list[ComplianceRow]:
    return [
        ComplianceRow(
            r.person.full_name,
            r.person.unit_code,
            f"{len(r.reported)}/{len(r.expected)}",
            len(r.missing),
        )
        for r in page.rows
    ]
