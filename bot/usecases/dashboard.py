"""The supervisors' dashboard (Mini App): who may open it, and what each page shows.

Nothing here is a second implementation: the scope is `/rekap`'s (`summary_request`,
`scoped_unit`), the figures are the summary's (`figures_for`, `summary_for`), the chart is the
summary's drawing, the compliance rule is `kinerja.compliance` through the loader the summary
and the Excel sheet use, and the Excel is `/ekspor`'s workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.files.charts import ChartFormat
from bot.services import Services, Viewer
from bot.texts import Texts
from bot.usecases.charts import summary_chart_of
from bot.usecases.compliance import compliance_in_period
from bot.usecases.identity import identify_viewer, recipient_languages
from bot.usecases.summary import Figures, SummaryRequest, figures_for, summary_for, summary_request
from bot.usecases.team import scope_of, scoped_unit
from bot.usecases.workbooks import summary_workbook
from db.transaction import Transaction
from kinerja.audit import person_actor
from kinerja.complaints import Complaint
from kinerja.compliance import Compliance, TeamCompliance, team_compliance
from kinerja.engine import UnitData
from kinerja.identity import identity_hash
from kinerja.language import language_from_code
from kinerja.miniapp import (
    DOWNLOAD_PURPOSE,
    DashboardSession,
    InitDataProblem,
    InitDataRefused,
    issue_session,
    read_session,
    verify_init_data,
)
from kinerja.periods import Period, PeriodRefusal, current_period, recent_periods
from kinerja.roles import may_open_dashboard
from kinerja.skm import ElementScore, ikm_from_totals
from kinerja.staff import ReportRefusal
from kinerja.summary import Summary
from kinerja.types import Language, PeriodKind, Role

PERIOD_CHOICES = {
    PeriodKind.WEEK: 4,
    PeriodKind.MONTH: 3,
    PeriodKind.QUARTER: 2,
    PeriodKind.SEMESTER: 2,
    PeriodKind.YEAR: 1,
}
"""How many of each kind the period picker offers, the current one first; any other period
/rekap takes can still be typed into the address."""
DISTANT_PAST = datetime(2000, 1, 1, tzinfo=UTC)
"""Read at this instant, any session of ours is still running: for its language only."""


# ------------------------------------------------------------------------------ sessions


@dataclass(frozen=True, slots=True)
class SessionOpened:
    token: str
    max_age: int
    """Seconds, for the cookie: the session ends when the signed data would be too old."""


@dataclass(frozen=True, slots=True)
class SessionRefused:
    problem: InitDataProblem | None
    """None: the data was Telegram's, but its user is no supervisor."""
    language: Language


async def open_session(services: Services, init_data: str) -> SessionOpened | SessionRefused:
    """Telegram's signed `initData` in, a session for a supervisor out. The refusal's language
    comes from the data even when it is not believed: it only picks the refusal's words."""
    settings = services.settings
    now = services.clock()
    max_age = settings.webapp_max_age_seconds
    checked = verify_init_data(init_data, settings.require_token(), now, timedelta(seconds=max_age))
    if isinstance(checked, InitDataRefused):
        hint = language_from_code(checked.language_code)
        return SessionRefused(checked.problem, hint or settings.default_language)
    viewer = await identify_viewer(
        services, checked.telegram_user_id, checked.first_name, checked.language_code
    )
    if viewer.person is None or not may_open_dashboard(viewer.role):
        return SessionRefused(None, viewer.language)
    session = DashboardSession(
        viewer.person.id, viewer.telegram_user_id, now + timedelta(seconds=max_age), viewer.language
    )
    return SessionOpened(issue_session(services.secret, session), max_age)


DOWNLOAD_PASS = timedelta(minutes=5)
"""How long the workbook link of a page works without the cookie: long enough to tap it."""


def download_pass(services: Services, viewer: Viewer) -> str:
    """A pass for the workbook link, for Telegram's downloader (it fetches the file itself,
    without the page's cookie): the viewer's session, for a few minutes and that use only."""
    assert viewer.person is not None  # noqa: S101 - a dashboard viewer is staff
    session = DashboardSession(
        viewer.person.id,
        viewer.telegram_user_id,
        services.clock() + DOWNLOAD_PASS,
        viewer.language,
    )
    return issue_session(services.secret, session, DOWNLOAD_PURPOSE)


async def session_viewer(
    services: Services, token: str | None, purpose: bytes | None = None
) -> Viewer | None:
    """Who a session cookie (or a download pass, `purpose`) belongs to, while it lasts and
    while they are still an active supervisor on the same Telegram account; None otherwise."""
    now = services.clock()
    session = None
    if token is not None:
        session = (
            read_session(services.secret, token, now)
            if purpose is None
            else read_session(services.secret, token, now, purpose)
        )
    if session is None:
        return None
    async with services.database.snapshot() as tx:
        person = await tx.staff.active_person(session.person_id)
    if person is None or person.telegram_user_id != session.telegram_user_id:
        return None
    if not may_open_dashboard(person.role):
        return None
    return Viewer(
        telegram_user_id=session.telegram_user_id,
        first_name=person.full_name,
        identity_hash=identity_hash(services.secret, session.telegram_user_id),
        role=person.role,
        language=session.language,
        person=person,
    )


def session_language(services: Services, token: str | None) -> Language:
    """The language of an ended session, for the page that says it ended."""
    session = None if token is None else read_session(services.secret, token, DISTANT_PAST)
    return services.settings.default_language if session is None else session.language


async def dashboard_holders(services: Services) -> list[tuple[int, Language]]:
    """The Telegram accounts of everyone who may open the dashboard, each with the language
    of the messages the bot sends them: whose chat gets the menu button at start-up."""
    async with services.database.snapshot() as tx:
        rows = await tx.staff.staff(roles=[Role.SUPERVISOR, Role.ADMIN], active_only=True)
        chats = [
            r.person.telegram_user_id
            for r in rows
            if r.person.telegram_user_id is not None and may_open_dashboard(r.person.role)
        ]
        languages = await recipient_languages(services, tx, chats)
    return [(chat, languages[chat]) for chat in chats]


# ------------------------------------------------------------------------------ pages


async def dashboard_request(
    services: Services, viewer: Viewer, unit_id: int | None, period_words: str | None
) -> SummaryRequest | PeriodRefusal | ReportRefusal:
    """The period and unit a page asks for, read as `/rekap` reads its arguments (default: this
    week, the viewer's own unit) and scoped as `/rekap` is: a unit outside the viewer's subtree
    is NOT_IN_SCOPE, whichever way it was named."""
    words = (period_words or "").split()
    request = await summary_request(services, viewer, words)
    if isinstance(request, PeriodRefusal | ReportRefusal) or unit_id is None:
        return request
    code = await scoped_unit(services, viewer, unit_id=unit_id)
    return code if isinstance(code, ReportRefusal) else SummaryRequest(request.period, code)


def period_choices(services: Services) -> list[Period]:
    now, zone = services.clock(), services.settings.zone
    return [
        period
        for kind, count in PERIOD_CHOICES.items()
        for period in recent_periods(current_period(kind, now, zone), count)[::-1]
    ]


@dataclass(frozen=True, slots=True)
class SummaryPage:
    summary: Summary
    figures: Figures
    unit_ids: dict[str, int]
    """Unit code → id, for the links of the drill-down."""


async def summary_page(services: Services, request: SummaryRequest) -> SummaryPage:
    """The IKU table, the units below and the satisfaction of one unit: `/rekap`'s summary."""
    figures = await figures_for(services, request.period)
    summary = await summary_for(services, figures, request.unit_code)
    return SummaryPage(summary, figures, figures.now.unit_ids)


async def chart_svg(services: Services, texts: Texts, request: SummaryRequest) -> bytes:
    """The summary's chart (IKM per week of the unit and the units below it), as SVG."""
    page = await summary_page(services, request)
    return await summary_chart_of(services, texts, page.summary, page.figures, ChartFormat.SVG)


@dataclass(frozen=True, slots=True)
class ElementsPage:
    page: SummaryPage
    elements: tuple[ElementScore, ...]
    missing: tuple[str, ...]


async def elements_page(services: Services, request: SummaryRequest) -> ElementsPage:
    """The nine unsur of one unit in the period, computed as the IKM and the Excel are."""
    page = await summary_page(services, request)
    data = page.figures.now.rolled.get(request.unit_code, UnitData())
    ikm = ikm_from_totals(data.element_totals(), data.respondents)
    return ElementsPage(page, ikm.elements, ikm.missing_elements)


@dataclass(frozen=True, slots=True)
class ComplaintsPage:
    unit_id: int
    unit_name: str
    complaints: tuple[Complaint, ...]


async def _unit_id(tx: Transaction, code: str) -> int:
    record = await tx.units.by_code(code)
    assert record is not None  # noqa: S101 - the request was scoped to it
    return record.id


async def complaints_page(
    services: Services, viewer: Viewer, request: SummaryRequest
) -> ComplaintsPage:
    """The period's complaints in the unit's subtree, with status and follow-up, as the
    Excel's sheet lists them."""
    start, end = request.period.bounds(services.settings.zone)
    async with services.database.snapshot() as tx:
        scope = await scope_of(tx, viewer, request.unit_code)
        assert not isinstance(scope, ReportRefusal)  # noqa: S101 - the request was scoped
        _, name, ids = scope
        complaints = await tx.complaints.between(ids, start, end)
        unit_id = await _unit_id(tx, request.unit_code)
    return ComplaintsPage(unit_id, name, tuple(complaints))


@dataclass(frozen=True, slots=True)
class CompliancePage:
    unit_id: int
    unit_name: str
    rows: tuple[Compliance, ...]
    """Those who missed a working day first, most missed first."""
    team: TeamCompliance


async def compliance_page(
    services: Services, viewer: Viewer, request: SummaryRequest
) -> CompliancePage:
    async with services.database.snapshot() as tx:
        scope = await scope_of(tx, viewer, request.unit_code)
        assert not isinstance(scope, ReportRefusal)  # noqa: S101 - the request was scoped
        _, name, ids = scope
        rows = await compliance_in_period(services, tx, ids, request.period)
        unit_id = await _unit_id(tx, request.unit_code)
    ordered = sorted(rows, key=lambda r: (-len(r.missing), r.person.full_name))
    return CompliancePage(unit_id, name, tuple(ordered), team_compliance(rows))


async def dashboard_workbook(services: Services, viewer: Viewer, request: SummaryRequest) -> bytes:
    """`/ekspor`'s workbook, audited as made for the viewer."""
    assert viewer.person is not None  # noqa: S101 - a session is a person's
    figures = await figures_for(services, request.period)
    actor = person_actor(viewer.person.id)
    return await summary_workbook(services, figures, request.unit_code, actor=actor)
