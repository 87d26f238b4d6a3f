"""The supervisors' dashboard (the Mini App at /app): its pages, tables and refusals.

Every text here is plain `str`: the pages are Jinja2 templates with autoescaping on, so a value
is escaped where it is placed, never in the catalogue."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from kinerja.complaints import TicketStatus
from kinerja.miniapp import InitDataProblem
from kinerja.periods import Period
from kinerja.skm import Mutu
from kinerja.summary import Status as SummaryStatus


class Page(enum.StrEnum):
    """The dashboard's tabs, in the order they are shown."""

    IKU = "iku"
    IKM = "ikm"
    ELEMENTS = "unsur"
    COMPLAINTS = "pengaduan"
    COMPLIANCE = "kepatuhan"


class Column(enum.StrEnum):
    INDICATOR = "indicator"
    TARGET = "target"
    REALISATION = "realisation"
    CAPAIAN = "capaian"
    STATUS = "status"
    UNIT = "unit"
    IKM = "ikm"
    RESPONDENTS = "respondents"
    ELEMENT = "element"
    ANSWERS = "answers"
    NRR = "nrr"
    GRADE = "grade"
    TICKET = "ticket"
    RECEIVED = "received"
    COMPLAINT = "complaint"
    FOLLOW_UP = "follow_up"
    NAME = "name"
    REPORTED = "reported"
    MISSING = "missing"


class DashboardTexts(Protocol):
    def dashboard_title(self) -> str: ...
    def dashboard_opening(self) -> str: ...
    def dashboard_outside_telegram(self) -> str: ...
    def dashboard_refused(self, problem: InitDataProblem | None) -> str:
        """Why the Mini App did not open: the data Telegram signed was wrong (`problem`), or
        the person is not a supervisor (None)."""
        ...

    def dashboard_session_over(self) -> str: ...
    def dashboard_not_found(self) -> str: ...
    def dashboard_period_refused(self, words: str) -> str: ...
    def dashboard_tab(self, page: Page) -> str: ...
    def dashboard_column(self, column: Column) -> str: ...
    def dashboard_period(self, period: Period) -> str:
        """Short, for the picker: Minggu 2026-W48."""
        ...

    def dashboard_period_span(self, period: Period) -> str: ...
    def dashboard_status(self, status: SummaryStatus) -> str: ...
    def dashboard_ticket_status(self, status: TicketStatus) -> str: ...
    def dashboard_satisfaction(
        self, ikm: Decimal | None, grade: Mutu | None, respondents: int, required: int | None
    ) -> str: ...
    def dashboard_missing_elements(self, codes: Sequence[str]) -> str: ...
    def dashboard_units_below(self) -> str: ...
    def dashboard_no_indicators(self) -> str: ...
    def dashboard_chart_alt(self, unit_name: str) -> str: ...
    def dashboard_complaint_counts(self, received: int, closed: int, overdue: int) -> str: ...
    def dashboard_no_complaints(self) -> str: ...
    def dashboard_serious(self) -> str: ...
    def dashboard_compliance_counts(self, asn: int, expected: int, reported: int) -> str: ...
    def dashboard_everyone_reported(self) -> str: ...
    def dashboard_show_period(self) -> str: ...
    def dashboard_download(self) -> str: ...
    def dashboard_menu_button(self) -> str:
        """The chat's menu button (Telegram shows a few characters only)."""
        ...

    def dashboard_button(self) -> str:
        """Under the weekly summary."""
        ...
