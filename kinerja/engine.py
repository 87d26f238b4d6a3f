"""The IKU engine: raw totals of a unit and period in, one result per indicator out.

Every input is an additive total (counts and sums), so a parent's totals are the sums of its
children's: roll-ups are computed from raw data, never by averaging averages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from kinerja.capaian import REALISATION_PLACES, Capaian, capaian, shown_realisation
from kinerja.indicators import asn_metric_realisation
from kinerja.periods import Period
from kinerja.skm import (
    ELEMENT_CODES,
    ElementTotals,
    Mutu,
    ikm_from_totals,
    nrr_grade,
    patient_satisfaction_inm,
    required_sample_size,
    round_half_up,
)
from kinerja.types import Indicator, IndicatorSource, OrgUnit
from kinerja.units import children_index

_FOUR = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class MetricTotals:
    value: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    reporters: int = 0
    """Distinct ASN who reported; additive because each ASN belongs to one unit."""

    def __add__(self, other: MetricTotals) -> MetricTotals:
        return MetricTotals(
            self.value + other.value,
            self.denominator + other.denominator,
            self.reporters + other.reporters,
        )


def _add_maps(
    a: Mapping[str, tuple[int, int]], b: Mapping[str, tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    merged = dict(a)
    for key, (count, total) in b.items():
        old = merged.get(key, (0, 0))
        merged[key] = (old[0] + count, old[1] + total)
    return merged


@dataclass(frozen=True, slots=True)
class UnitData:
    """Raw totals of one unit (or a rolled-up subtree) for one period."""

    elements: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Element code → (answers, sum of scores), completed SKM-template responses only.

    Every survey total here counts only responses that enter the IKM (`counts_in_ikm`); the
    flagged and left-out counts are there to be shown."""
    respondents: int = 0
    responses: int = 0
    verified: int = 0
    flagged: int = 0
    """Completed responses with any gaming flag, counted or not."""
    left_out: int = 0
    """Completed responses left out of every survey total (staff rating their own unit)."""
    waiting_n: int = 0
    waiting_sum: int = 0
    waiting_within: Mapping[int, int] = field(default_factory=dict)
    """Threshold in minutes → responses that waited at most that long."""
    importance: Mapping[str, int] = field(default_factory=dict)
    metrics: Mapping[str, MetricTotals] = field(default_factory=dict)

    def __add__(self, other: UnitData) -> UnitData:
        within = dict(self.waiting_within)
        for t, n in other.waiting_within.items():
            within[t] = within.get(t, 0) + n
        importance = dict(self.importance)
        for code, n in other.importance.items():
            importance[code] = importance.get(code, 0) + n
        metrics = dict(self.metrics)
        for code, totals in other.metrics.items():
            metrics[code] = metrics.get(code, MetricTotals()) + totals
        return UnitData(
            elements=_add_maps(self.elements, other.elements),
            respondents=self.respondents + other.respondents,
            responses=self.responses + other.responses,
            verified=self.verified + other.verified,
            flagged=self.flagged + other.flagged,
            left_out=self.left_out + other.left_out,
            waiting_n=self.waiting_n + other.waiting_n,
            waiting_sum=self.waiting_sum + other.waiting_sum,
            waiting_within=within,
            importance=importance,
            metrics=metrics,
        )

    def element_totals(self) -> list[ElementTotals]:
        return [ElementTotals(code, *self.elements.get(code, (0, 0))) for code in ELEMENT_CODES]


def roll_up(units: Iterable[OrgUnit], own: Mapping[str, UnitData]) -> dict[str, UnitData]:
    """Each unit's totals including everything below it."""
    unit_list = list(units)
    index = children_index(unit_list)
    rolled: dict[str, UnitData] = {}

    def total(code: str) -> UnitData:
        if code not in rolled:
            data = own.get(code, UnitData())
            for child in index.get(code, []):
                data = data + total(child.code)
            rolled[code] = data
        return rolled[code]

    for unit in unit_list:
        total(unit.code)
    return rolled


def population_of(data: UnitData, population_metric: str) -> int | None:
    """The people a unit served in the period (N of the Krejcie–Morgan sample): the total its
    ASN reported under `population_metric`; None when nobody reported it."""
    served = data.metrics.get(population_metric)
    return int(served.value) if served is not None and served.value else None


def applies_to(indicator: Indicator, unit: OrgUnit) -> bool:
    if indicator.unit_code is not None:
        return indicator.unit_code == unit.code
    return indicator.unit_kind == unit.kind


@dataclass(frozen=True, slots=True)
class Outcome:
    indicator_code: str
    unit_code: str
    period: Period
    realisation: Decimal | None
    n: int
    result: Capaian | None
    grade: Mutu | None = None
    sample_required: int | None = None
    sample_ok: bool | None = None
    exact: Fraction | None = None
    """The realisation the capaian is computed from: exact, or the regulation's own rounded
    figure for the IKM (two decimals) and an NRR (four). What is shown is rounded from it."""


def evaluate(
    indicator: Indicator,
    unit: OrgUnit,
    period: Period,
    data: UnitData,
    working_days: int,
    population: int | None,
) -> Outcome:
    """One indicator for one unit and period; no data means no realisation (not zero)."""
    realisation: Decimal | None = None
    exact: Fraction | Decimal | None = None
    n = 0
    grade: Mutu | None = None
    sample_required: int | None = None
    match indicator.source:
        case IndicatorSource.IKM:
            ikm = ikm_from_totals(data.element_totals(), data.respondents)
            n = data.respondents
            if ikm.value is not None:
                realisation = exact = ikm.value
                grade = ikm.grade
        case IndicatorSource.SKM_ELEMENT:
            code = indicator.element_code or ""
            answers, total = data.elements.get(code, (0, 0))
            n = answers
            if answers:
                exact = round_half_up(Fraction(total, answers), _FOUR)
                realisation = exact
                grade = nrr_grade(exact)
        case IndicatorSource.PATIENT_SATISFACTION_INM:
            n = data.respondents
            realisation = exact = patient_satisfaction_inm(data.element_totals())
        case IndicatorSource.WAITING_TIME_MEAN:
            n = data.waiting_n
            if n:
                exact = Fraction(data.waiting_sum, n)
        case IndicatorSource.WAITING_TIME_WITHIN:
            n = data.waiting_n
            threshold = indicator.threshold_minutes or 0
            if n:
                exact = Fraction(data.waiting_within.get(threshold, 0) * 100, n)
        case IndicatorSource.ASN_METRIC:
            totals = data.metrics.get(indicator.metric_code or "", MetricTotals())
            n = totals.reporters
            if totals.reporters and indicator.aggregation is not None:
                exact = asn_metric_realisation(
                    indicator.aggregation, [totals.value], working_days, totals.reporters
                )
        case IndicatorSource.ASN_RATIO:
            totals = data.metrics.get(indicator.metric_code or "", MetricTotals())
            n = totals.reporters
            if totals.denominator:
                exact = Fraction(totals.value) / Fraction(totals.denominator) * 100
    if isinstance(exact, Fraction):
        # Four decimals that meet the target exactly when the exact value does.
        realisation = shown_realisation(
            exact, indicator.target, indicator.polarity, REALISATION_PLACES
        )
    if (
        indicator.source
        in (
            IndicatorSource.IKM,
            IndicatorSource.SKM_ELEMENT,
            IndicatorSource.PATIENT_SATISFACTION_INM,
        )
        and population
    ):
        sample_required = required_sample_size(population)
    result = None
    if exact is not None:
        result = capaian(exact, indicator.target, indicator.polarity, indicator.cap_percent)
    return Outcome(
        indicator_code=indicator.code,
        unit_code=unit.code,
        period=period,
        realisation=realisation,
        n=n,
        result=result,
        grade=grade,
        sample_required=sample_required,
        sample_ok=None if sample_required is None else data.respondents >= sample_required,
        exact=None if exact is None else Fraction(exact),
    )


def evaluate_all(
    indicators: Iterable[Indicator],
    units: Iterable[OrgUnit],
    period: Period,
    rolled: Mapping[str, UnitData],
    working_days: int,
    population_metric: str,
) -> list[Outcome]:
    """Every indicator of this period's kind for every unit it applies to."""
    outcomes = []
    unit_list = list(units)
    for indicator in indicators:
        if indicator.period is not period.kind:
            continue
        for unit in unit_list:
            if not applies_to(indicator, unit):
                continue
            data = rolled.get(unit.code, UnitData())
            population = population_of(data, population_metric)
            outcomes.append(evaluate(indicator, unit, period, data, working_days, population))
    return outcomes
