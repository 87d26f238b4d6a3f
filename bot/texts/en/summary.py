"""English: what `bot.texts.summary` declares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.texts.en.citizen import ELEMENT_NAMES
from bot.texts.format import long_date, number, percent
from bot.texts.markup import Html, escaping
from bot.texts.summary import STATUS_MARKERS
from kinerja.compliance import SUMMARY_MIN_MISSED, TeamCompliance
from kinerja.periods import Period, PeriodProblem, PeriodRefusal
from kinerja.skm import NRR_PLACES, Mutu
from kinerja.summary import Measure
from kinerja.summary import Status as SummaryStatus
from kinerja.types import Language, PeriodKind

_KINDS = {
    PeriodKind.WEEK: "week",
    PeriodKind.MONTH: "month",
    PeriodKind.QUARTER: "quarter",
    PeriodKind.SEMESTER: "semester",
    PeriodKind.YEAR: "year",
}
_GRADES = {Mutu.A: "Very good", Mutu.B: "Good", Mutu.C: "Poor", Mutu.D: "Very poor"}


@escaping
class Summary:
    language: Language  # set by the catalogue that joins the parts

    def summary_title(self, unit_name: str, period: Period, late: bool) -> Html:
        span = f"{long_date(period.start, self.language)} – {long_date(period.end, self.language)}"
        note = " (sent late)" if late else ""
        return Html(f"📊 <b>Summary {period.key} · {unit_name}</b>{note}\n{span}")

    def measure(self, value: Decimal, measure: Measure, places: int) -> str:
        shown = number(value, self.language, places)
        if measure is Measure.MINUTES:
            return f"{shown} minutes"
        if measure is Measure.PERCENT:
            return f"{shown} %"
        return shown

    def summary_line(
        self,
        name: str,
        status: SummaryStatus,
        realisation: str | None,
        target: str,
        capaian: Decimal | None,
        change: str | None,
        better: bool | None,
    ) -> Html:
        if realisation is None or capaian is None:
            return Html(f"{STATUS_MARKERS[status]} {name}: no data yet (target {target})")
        trend = ""
        if change is not None:
            arrow = "▲" if change.startswith("+") else "▼" if change.startswith("-") else "＝"
            trend = f" {arrow}{change.lstrip('+-')}"
        return Html(
            f"{STATUS_MARKERS[status]} {name}: {realisation} / target {target} · achievement "
            f"{percent(capaian, self.language)}{trend}"
        )

    def summary_satisfaction(
        self,
        ikm: Decimal | None,
        grade: Mutu | None,
        respondents: int,
        verified: int,
        required_sample: int | None,
    ) -> Html:
        if ikm is None or grade is None:
            return Html("Community satisfaction: no respondents yet.")
        text = (
            f"<b>IKM {number(ikm, self.language)}</b> (grade {grade.value}, "
            f"{_GRADES[grade]}) · {respondents} respondents ({verified} verified)"
        )
        if required_sample is None:
            text += "; minimum sample unknown (the number of people served is not reported)"
        else:
            text += f" of a minimum sample of {required_sample}"
            if respondents < required_sample:
                text += " — <b>sample not yet sufficient</b>"
        return Html(text)

    def summary_weakest(self, element: str, nrr: Decimal) -> Html:
        return Html(
            f"Weakest element: {ELEMENT_NAMES[element]} (NRR {number(nrr, self.language, NRR_PLACES)})"
        )

    def summary_missing_elements(self, elements: Sequence[str]) -> Html:
        return Html("Elements nobody answered (left out): " + ", ".join(elements))

    def summary_waiting(self, mean: Decimal | None, within: Decimal | None, threshold: int) -> Html:
        if mean is None or within is None:
            return Html("Waiting time: no data yet.")
        return Html(
            f"Mean waiting time {number(mean, self.language, 1)} minutes; "
            f"{percent(within, self.language)} served within {threshold} minutes"
        )

    def summary_flagged(self, flagged: int, left_out: int) -> Html:
        text = f"Responses flagged as suspicious: {flagged}"
        if left_out:
            text += f" ({left_out} by the unit's own staff, not counted in the IKM)"
        return Html(text)

    def summary_importance(self, items: Sequence[tuple[str, int, Decimal | None, bool]]) -> Html:
        parts = []
        for element, votes, nrr, weak in items:
            score = f", NRR {number(nrr, self.language, NRR_PLACES)}" if nrr is not None else ""
            flag = " ⚠️ fix first" if weak else ""
            parts.append(f"{ELEMENT_NAMES[element]} ({votes} votes{score}){flag}")
        return Html("Matters most to citizens: " + "; ".join(parts))

    def summary_complaints(self, received: int, closed: int, overdue: int) -> Html:
        text = f"Complaints: {received} received, {closed} closed"
        if overdue:
            text += f", <b>{overdue} overdue</b>"
        return Html(text)

    def summary_compliance(self, view: TeamCompliance) -> Html:
        if not view.asn:
            return Html("No civil servants registered yet.")
        if not view.expected:
            return Html("No working days to report yet.")
        if view.absent:
            shown = ", ".join(f"{name} ({days} days)" for name, days in view.absent[:15])
            more = f" and {len(view.absent) - 15} more" if len(view.absent) > 15 else ""
            return Html(f"Missed {SUMMARY_MIN_MISSED}+ working days: {shown}{more}")
        if view.everyone_reported:
            return Html("Every civil servant reported on every working day.")
        return Html(f"Nobody missed {SUMMARY_MIN_MISSED} or more working days.")

    def summary_children(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Per unit</b>\n" + "\n".join(lines))

    def summary_child(
        self,
        name: str,
        ikm: Decimal | None,
        grade: Mutu | None,
        n: int,
        required_sample: int | None,
    ) -> Html:
        if ikm is None or grade is None:
            return Html(f"• {name}: no respondents yet")
        text = f"• {name}: IKM {number(ikm, self.language)} ({grade.value}), {n} respondents"
        if required_sample is None:
            return Html(text + " (minimum sample unknown)")
        text += f" of a minimum sample of {required_sample}"
        return Html(text + (" — sample not yet sufficient" if n < required_sample else ""))

    def detail_button(self, name: str) -> str:
        return f"🔎 {name}"

    def xlsx_button(self) -> str:
        return "📥 Download Excel"

    def rekap_usage(self) -> Html:
        return Html(
            "Write /rekap [PERIOD] [UNIT CODE]. Period: week, month, quarter, semester or year "
            "(with “last” for the one before), or its key: 2026-W48, 2026-11, 2026-Q4, "
            "2026-S1, 2026. For example /rekap last week PKM-PAUH"
        )

    def period_refusal(self, command: str, refusal: PeriodRefusal) -> Html:
        c = f"/{command}"
        match refusal.problem:
            case PeriodProblem.UNKNOWN:
                return Html(
                    f"Period not recognised: {refusal.words}. For example: {c} 2026-W48, "
                    f"{c} last week, {c} 2026-S1, {c} 2026-11 (a unit code may follow: "
                    f"{c} last week PKM-PAUH)."
                )
            case PeriodProblem.NOT_STARTED:
                return Html(
                    f"Period {refusal.words} has not begun yet, so there is nothing to "
                    f"summarise. For example: {c} this week, {c} last week."
                )
            case PeriodProblem.TWO_UNITS:
                return Html(
                    f"One unit per request ({refusal.words}). For example: {c} last week PKM-PAUH."
                )

    def previous_period_button(self, kind: PeriodKind) -> str:
        return f"◀ previous {_KINDS[kind]}"

    def next_period_button(self, kind: PeriodKind) -> str:
        return f"next {_KINDS[kind]} ▶"

    def chart_ikm(self) -> str:
        return "IKM per week"

    def chart_capaian(self, unit_name: str) -> str:
        return f"IKU achievement (%) · {unit_name}"

    def export_caption(self, period_key: str) -> str:
        return f"Performance summary {period_key}"
