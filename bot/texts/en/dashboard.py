"""English: what `bot.texts.dashboard` declares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.texts.dashboard import Column, Page
from bot.texts.format import long_date, number
from bot.texts.markup import escaping
from kinerja.complaints import TicketStatus
from kinerja.miniapp import InitDataProblem
from kinerja.periods import Period
from kinerja.skm import Mutu
from kinerja.summary import Status as SummaryStatus
from kinerja.types import Language, PeriodKind

_TABS = {
    Page.IKU: "IKU",
    Page.IKM: "IKM trend",
    Page.ELEMENTS: "SKM elements",
    Page.COMPLAINTS: "Complaints",
    Page.COMPLIANCE: "ASN compliance",
}
_COLUMNS = {
    Column.INDICATOR: "Indicator",
    Column.TARGET: "Target",
    Column.REALISATION: "Realisation",
    Column.CAPAIAN: "Capaian",
    Column.STATUS: "Status",
    Column.UNIT: "Unit",
    Column.IKM: "IKM",
    Column.RESPONDENTS: "Respondents",
    Column.ELEMENT: "Unsur",
    Column.ANSWERS: "Answers",
    Column.NRR: "NRR",
    Column.GRADE: "Grade",
    Column.TICKET: "Ticket",
    Column.RECEIVED: "Received",
    Column.COMPLAINT: "Complaint",
    Column.FOLLOW_UP: "Follow-up",
    Column.NAME: "Name",
    Column.REPORTED: "Reported",
    Column.MISSING: "Not reported",
}
_KINDS = {
    PeriodKind.WEEK: "Week",
    PeriodKind.MONTH: "Month",
    PeriodKind.QUARTER: "Quarter",
    PeriodKind.SEMESTER: "Semester",
    PeriodKind.YEAR: "Year",
}
_STATUS = {
    SummaryStatus.MET: "Met",
    SummaryStatus.NEAR: "Nearly met",
    SummaryStatus.BELOW: "Below target",
    SummaryStatus.NO_DATA: "No data yet",
}
_TICKETS = {
    TicketStatus.OPEN: "Waiting to be handled",
    TicketStatus.IN_PROGRESS: "Being handled",
    TicketStatus.CLOSED: "Closed",
    TicketStatus.WITHDRAWN: "Withdrawn by the citizen",
    TicketStatus.REOPENED: "Reopened",
}
_REFUSED = {
    InitDataProblem.MALFORMED: "The data Telegram opened it with is incomplete.",
    InitDataProblem.FORGED: "The data it was opened with was not signed by Telegram for this bot.",
    InitDataProblem.EXPIRED: "The data it was opened with has expired.",
}
_GRADES = {Mutu.A: "Very good", Mutu.B: "Good", Mutu.C: "Poor", Mutu.D: "Very poor"}


@escaping
class Dashboard:
    language: Language  # set by the catalogue that joins the parts

    def dashboard_title(self) -> str:
        return "Performance dashboard"

    def dashboard_opening(self) -> str:
        return "Opening the dashboard…"

    def dashboard_outside_telegram(self) -> str:
        return (
            "Open this dashboard from Telegram: tap the “Dashboard” menu button in the bot's chat."
        )

    def dashboard_refused(self, problem: InitDataProblem | None) -> str:
        if problem is None:
            return (
                "Sorry, the dashboard is for registered supervisors only. If you are one, ask "
                "the operator to register your Telegram account."
            )
        return (
            f"Sorry, the dashboard cannot be opened. {_REFUSED[problem]} "
            "Close it and open it again from Telegram."
        )

    def dashboard_session_over(self) -> str:
        return "The dashboard session has ended. Close it and open it again from Telegram's menu button."

    def dashboard_not_found(self) -> str:
        return "Page not found."

    def dashboard_period_refused(self, words: str) -> str:
        return f"The period “{words}” is unknown or has not begun."

    def dashboard_tab(self, page: Page) -> str:
        return _TABS[page]

    def dashboard_column(self, column: Column) -> str:
        return _COLUMNS[column]

    def dashboard_period(self, period: Period) -> str:
        return f"{_KINDS[period.kind]} {period.key}"

    def dashboard_period_span(self, period: Period) -> str:
        return f"{long_date(period.start, self.language)} – {long_date(period.end, self.language)}"

    def dashboard_status(self, status: SummaryStatus) -> str:
        return _STATUS[status]

    def dashboard_ticket_status(self, status: TicketStatus) -> str:
        return _TICKETS[status]

    def dashboard_satisfaction(
        self, ikm: Decimal | None, grade: Mutu | None, respondents: int, required: int | None
    ) -> str:
        if ikm is None or grade is None:
            return f"IKM: no data yet ({respondents} respondents)."
        sample = (
            "minimum sample unknown (patients served not reported)"
            if required is None
            else f"minimum sample {required}"
            + (", sample too small" if respondents < required else "")
        )
        return (
            f"IKM {number(ikm, self.language)} ({grade.value}, {_GRADES[grade]}), "
            f"{respondents} respondents; {sample}."
        )

    def dashboard_missing_elements(self, codes: Sequence[str]) -> str:
        return f"Elements nobody answered (left out of the IKM): {', '.join(codes)}."

    def dashboard_units_below(self) -> str:
        return "Units below"

    def dashboard_no_indicators(self) -> str:
        return "No IKU for this unit and period."

    def dashboard_chart_alt(self, unit_name: str) -> str:
        return f"Weekly IKM chart, {unit_name}"

    def dashboard_complaint_counts(self, received: int, closed: int, overdue: int) -> str:
        return f"{received} received, {closed} closed, {overdue} overdue."

    def dashboard_no_complaints(self) -> str:
        return "No complaints in this period."

    def dashboard_serious(self) -> str:
        return "serious"

    def dashboard_compliance_counts(self, asn: int, expected: int, reported: int) -> str:
        return f"{asn} ASN: {reported} of {expected} working days reported."

    def dashboard_everyone_reported(self) -> str:
        return "Every ASN reported on every working day."

    def dashboard_show_period(self) -> str:
        return "Show"

    def dashboard_download(self) -> str:
        return "Download Excel"

    def dashboard_menu_button(self) -> str:
        return "Dashboard"

    def dashboard_button(self) -> str:
        return "📈 Open dashboard"
