"""Assembling a supervisor's summary from already computed outcomes and raw totals."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from fractions import Fraction

from kinerja.capaian import NEAR_PERCENT, Capaian, display_places, shown_realisation
from kinerja.compliance import TeamCompliance
from kinerja.engine import Outcome, UnitData, applies_to, population_of
from kinerja.periods import Period
from kinerja.skm import (
    ELEMENT_CODES,
    Mutu,
    ikm_from_totals,
    required_sample_size,
    round_half_up,
)
from kinerja.types import Indicator, IndicatorSource, OrgUnit, Polarity, Target

WAITING_PLACES = Decimal("0.1")
B_NRR = Decimal("3.0644")
"""Below this NRR an element grades C or D (PermenPAN-RB 14/2017 bands)."""


class Status(enum.StrEnum):
    MET = "met"
    """Capaian of 100 % or more: the target is reached."""
    NEAR = "near"
    """Tinggi (76 %) or better but below target."""
    BELOW = "below"
    NO_DATA = "no_data"


def status_of(result: Capaian | None) -> Status:
    """Taken on the exact capaian; the shown one (`Capaian.raw`) is rounded to agree."""
    if result is None:
        return Status.NO_DATA
    if result.met:
        return Status.MET
    if result.exact >= NEAR_PERCENT:
        return Status.NEAR
    return Status.BELOW


class Measure(enum.StrEnum):
    """How a realisation reads: an index, minutes, a percentage or a count."""

    INDEX = "index"
    MINUTES = "minutes"
    PERCENT = "percent"
    NUMBER = "number"


MEASURES: Mapping[IndicatorSource, Measure] = {
    IndicatorSource.IKM: Measure.INDEX,
    IndicatorSource.SKM_ELEMENT: Measure.INDEX,
    IndicatorSource.PATIENT_SATISFACTION_INM: Measure.INDEX,
    IndicatorSource.WAITING_TIME_MEAN: Measure.MINUTES,
    IndicatorSource.WAITING_TIME_WITHIN: Measure.PERCENT,
    IndicatorSource.ASN_METRIC: Measure.NUMBER,
    IndicatorSource.ASN_RATIO: Measure.PERCENT,
}
USUAL_PLACES: Mapping[Measure, int] = {
    Measure.INDEX: 2,
    Measure.MINUTES: 1,
    Measure.PERCENT: 2,
    Measure.NUMBER: 2,
}
"""Decimals a realisation is shown with, unless its target has more (`display_places`)."""


def indicator_places(indicator: Indicator) -> int:
    """The one precision of an indicator's realisation and target wherever they are shown."""
    return display_places(indicator.target, USUAL_PLACES[MEASURES[indicator.source]])


def shown_value(indicator: Indicator, exact: Fraction | Decimal) -> Decimal:
    """A realisation as shown, rounded once from its exact value: at `indicator_places`, and
    meeting the target exactly when it does."""
    places = indicator_places(indicator)
    return shown_realisation(exact, indicator.target, indicator.polarity, places)


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    indicator: Indicator
    realisation: Decimal | None
    result: Capaian | None
    n: int
    change: Decimal | None
    """Realisation now minus the previous period's; None without both."""
    better: bool | None
    """Whether the change is an improvement, given the polarity."""
    exact: Fraction | None = None
    """`Outcome.exact`: what the shown realisation is rounded from, once."""

    @property
    def status(self) -> Status:
        return status_of(self.result)

    @property
    def measure(self) -> Measure:
        return MEASURES[self.indicator.source]

    @property
    def target(self) -> Target:
        return self.indicator.target

    @property
    def places(self) -> int:
        """The one precision of this line's realisation, target and change."""
        return indicator_places(self.indicator)

    @property
    def shown(self) -> Decimal | None:
        """The realisation as shown: at `places`, meeting the target exactly when it does."""
        if self.realisation is None:
            return None
        return shown_value(self.indicator, self.realisation if self.exact is None else self.exact)


@dataclass(frozen=True, slots=True)
class ImportanceItem:
    element: str
    votes: int
    nrr: Decimal | None
    weak: bool
    """Matters most to citizens and scores below B: fix this first."""


@dataclass(frozen=True, slots=True)
class SatisfactionView:
    ikm: Decimal | None
    grade: Mutu | None
    respondents: int
    verified: int
    population: int | None
    """People served in the period, as reported by the unit's ASN; None when not reported."""
    required_sample: int | None
    """Krejcie–Morgan's minimum for `population`, whatever the IKU; None without a population."""
    missing_elements: tuple[str, ...]
    weakest: tuple[str, Decimal] | None
    flagged: int
    left_out: int
    """Of the flagged, left out of every figure above (staff rating their own unit)."""
    waiting_mean: Decimal | None
    """Minutes, to one decimal, rounded once from the exact mean."""
    waiting_within: Decimal | None
    """Share (percent) served within the threshold below."""
    waiting_threshold: int
    importance: tuple[ImportanceItem, ...]

    @property
    def sample_short(self) -> bool:
        return self.required_sample is not None and self.respondents < self.required_sample


@dataclass(frozen=True, slots=True)
class UnitSummary:
    unit: OrgUnit
    lines: tuple[IndicatorLine, ...]
    satisfaction: SatisfactionView


@dataclass(frozen=True, slots=True)
class ComplaintCounts:
    received: int
    closed: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Summary:
    period: Period
    main: UnitSummary
    children: tuple[UnitSummary, ...]
    complaints: ComplaintCounts
    compliance: TeamCompliance
    """Who did not report in the period so far (`kinerja.compliance`)."""
    late: bool = False


def satisfaction_view(
    data: UnitData, waiting_threshold: int, population: int | None
) -> SatisfactionView:
    """Every IKM shown comes with its sample check, in any period and for any unit, whether or
    not an IKU of that period asks for the IKM."""
    ikm = ikm_from_totals(data.element_totals(), data.respondents)
    weakest = ikm.weakest_element()
    nrr = {e.code: e.nrr_display for e in ikm.elements}
    votes = sorted(data.importance.items(), key=lambda kv: (-kv[1], ELEMENT_CODES.index(kv[0])))
    importance = tuple(
        ImportanceItem(code, count, nrr.get(code), nrr.get(code) is not None and nrr[code] < B_NRR)
        for code, count in votes[:3]
    )
    mean = None
    within = None
    if data.waiting_n:
        mean = round_half_up(Fraction(data.waiting_sum, data.waiting_n), WAITING_PLACES)
        within = round_half_up(
            Fraction(data.waiting_within.get(waiting_threshold, 0) * 100, data.waiting_n)
        )
    return SatisfactionView(
        ikm=ikm.value,
        grade=ikm.grade,
        respondents=data.respondents,
        verified=data.verified,
        population=population,
        required_sample=None if population is None else required_sample_size(population),
        missing_elements=ikm.missing_elements if ikm.elements else (),
        weakest=None if weakest is None else (weakest.code, weakest.nrr_display),
        flagged=data.flagged,
        left_out=data.left_out,
        waiting_mean=mean,
        waiting_within=within,
        waiting_threshold=waiting_threshold,
        importance=importance,
    )


def _change(
    now: Outcome | None, before: Outcome | None, polarity: Polarity
) -> tuple[Decimal | None, bool | None]:
    if now is None or before is None or now.realisation is None or before.realisation is None:
        return None, None
    change = now.realisation - before.realisation
    if change == 0:
        return change, None
    return change, (change > 0) == (polarity is Polarity.HIGHER_IS_BETTER)


def unit_summary(
    unit: OrgUnit,
    indicators: Sequence[Indicator],
    outcomes: Mapping[tuple[str, str], Outcome],
    previous: Mapping[tuple[str, str], Outcome],
    data: UnitData,
    waiting_threshold: int,
    population_metric: str,
) -> UnitSummary:
    lines = []
    for indicator in indicators:
        if not applies_to(indicator, unit):
            continue
        key = (indicator.code, unit.code)
        outcome = outcomes.get(key)
        if outcome is None:
            continue
        change, better = _change(outcome, previous.get(key), indicator.polarity)
        lines.append(
            IndicatorLine(
                indicator,
                outcome.realisation,
                outcome.result,
                outcome.n,
                change,
                better,
                outcome.exact,
            )
        )
    population = population_of(data, population_metric)
    view = satisfaction_view(data, waiting_threshold, population)
    return UnitSummary(unit, tuple(lines), view)


def receives_summary_of(registered_at: datetime | None, period: Period, zone: tzinfo) -> bool:
    """Whether a supervisor is sent the summary of `period`: registered before it ended. One
    who joined later would get a week before their time (the start-up catch-up sends the last
    week's summary late, on whatever day they register); `/rekap` shows it when asked. A
    registration with no date (staff added outside the chat) predates this rule: sent."""
    return registered_at is None or registered_at < period.bounds(zone)[1]
