"""The IKU summary a supervisor receives (weekly, or on `/rekap`), its charts and its workbook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Protocol

from bot.texts.markup import Html
from kinerja.compliance import TeamCompliance
from kinerja.periods import Period, PeriodRefusal
from kinerja.skm import Mutu
from kinerja.summary import Measure
from kinerja.summary import Status as SummaryStatus
from kinerja.types import PeriodKind

STATUS_MARKERS: Mapping[SummaryStatus, str] = {
    SummaryStatus.MET: "✅",
    SummaryStatus.NEAR: "🟡",
    SummaryStatus.BELOW: "🔴",
    SummaryStatus.NO_DATA: "⚪",
}
"""The light before each IKU line of a summary, the same in every language."""


class SummaryTexts(Protocol):
    def summary_title(self, unit_name: str, period: Period, late: bool) -> Html: ...
    def measure(self, value: Decimal, measure: Measure, places: int) -> str: ...
    def summary_line(
        self,
        name: str,
        status: SummaryStatus,
        realisation: str | None,
        target: str,
        capaian: Decimal | None,
        change: str | None,
        better: bool | None,
    ) -> Html: ...
    def summary_satisfaction(
        self,
        ikm: Decimal | None,
        grade: Mutu | None,
        respondents: int,
        verified: int,
        required_sample: int | None,
    ) -> Html:
        """`required_sample` None: nobody reported the people served, so the sample cannot be
        checked, and the text says so."""
        ...

    def summary_weakest(self, element: str, nrr: Decimal) -> Html: ...
    def summary_missing_elements(self, elements: Sequence[str]) -> Html: ...
    def summary_waiting(
        self, mean: Decimal | None, within: Decimal | None, threshold: int
    ) -> Html: ...
    def summary_flagged(self, flagged: int, left_out: int) -> Html: ...
    def summary_importance(
        self, items: Sequence[tuple[str, int, Decimal | None, bool]]
    ) -> Html: ...
    def summary_complaints(self, received: int, closed: int, overdue: int) -> Html: ...
    def summary_compliance(self, view: TeamCompliance) -> Html: ...
    def summary_children(self, lines: Sequence[Html]) -> Html: ...
    def summary_child(
        self,
        name: str,
        ikm: Decimal | None,
        grade: Mutu | None,
        n: int,
        required_sample: int | None,
    ) -> Html: ...
    def detail_button(self, name: str) -> str: ...
    def xlsx_button(self) -> str: ...
    def rekap_usage(self) -> Html: ...
    def period_refusal(self, command: str, refusal: PeriodRefusal) -> Html:
        """Why `/rekap` or `/ekspor` (`command`, without its slash) refused its period."""
        ...

    def previous_period_button(self, kind: PeriodKind) -> str: ...
    def next_period_button(self, kind: PeriodKind) -> str: ...
    def chart_ikm(self) -> str: ...
    def chart_capaian(self, unit_name: str) -> str: ...
    def export_caption(self, period_key: str) -> str: ...
