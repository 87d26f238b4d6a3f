"""What a summary line shows agrees with its verdict, and every IKM carries its sample check."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.engine import MetricTotals, UnitData, evaluate
from kinerja.periods import parse_period_key
from kinerja.summary import Status, satisfaction_view, unit_summary
from kinerja.types import (
    Indicator,
    IndicatorSource,
    OrgUnit,
    PeriodKind,
    Polarity,
    Target,
    UnitKind,
)
from tests.examples import FIVE_RESPONDENTS

WEEK = parse_period_key("2026-W47")
PUSKESMAS = OrgUnit("PKM-PAUH", "Puskesmas Pauh", UnitKind.PUSKESMAS)
POPULATION = "pasien_dilayani"


def _indicator(source: IndicatorSource, target: Target, **extra: object) -> Indicator:
    values: dict[str, object] = {
        "code": source.value,
        "name": source.value,
        "name_en": source.value,
        "source": source,
        "polarity": Polarity.HIGHER_IS_BETTER,
        "target": target,
        "period": PeriodKind.WEEK,
        "unit_kind": UnitKind.PUSKESMAS,
        **extra,
    }
    return Indicator(**values)  # type: ignore[arg-type]


def _line(indicator: Indicator, data: UnitData) -> tuple[Decimal | None, Status, int]:
    outcome = evaluate(indicator, PUSKESMAS, WEEK, data, 5, None)
    summary = unit_summary(
        PUSKESMAS, [indicator], {(indicator.code, PUSKESMAS.code): outcome}, {}, data, 60, "x"
    )
    [line] = summary.lines
    return line.shown, line.status, line.places


def test_an_nrr_below_its_target_shows_below_it() -> None:
    """140 answers of U7, 9 of them 4 and the rest 3: NRR 3.0643 at four decimals, 99.9967 %."""
    indicator = _indicator(
        IndicatorSource.SKM_ELEMENT, Target(Decimal("3.0644")), element_code="U7"
    )
    data = UnitData(elements={"U7": (140, 429)}, respondents=140, responses=140)
    shown, status, places = _line(indicator, data)
    assert (shown, status, places) == (Decimal("3.0643"), Status.NEAR, 4)


def test_a_waiting_time_is_rounded_once_from_its_exact_mean() -> None:
    """1,144,999 minutes over 20,000 patients = 57.24995: 57.2 shown. Rounded to four decimals
    first (57.2500), it would have shown 57.3."""
    indicator = _indicator(
        IndicatorSource.WAITING_TIME_MEAN,
        Target(Decimal(60)),
        polarity=Polarity.LOWER_IS_BETTER,
    )
    data = UnitData(waiting_n=20_000, waiting_sum=1_144_999)
    assert _line(indicator, data) == (Decimal("57.2"), Status.MET, 1)


@pytest.mark.parametrize(
    ("waited", "shown", "status"),
    [
        pytest.param(1_200_800, "60.1", Status.NEAR, id="60.04 against at most 60: not 60.0"),
        pytest.param(1_200_000, "60.0", Status.MET, id="exactly 60: met"),
        pytest.param(1_199_200, "60.0", Status.MET, id="59.96: shows 60.0, met"),
    ],
)
def test_a_waiting_time_above_its_limit_never_shows_the_limit(
    waited: int, shown: str, status: Status
) -> None:
    indicator = _indicator(
        IndicatorSource.WAITING_TIME_MEAN,
        Target(Decimal(60)),
        polarity=Polarity.LOWER_IS_BETTER,
    )
    data = UnitData(waiting_n=20_000, waiting_sum=waited)
    assert _line(indicator, data) == (Decimal(shown), status, 1)


def _skm(**extra: object) -> UnitData:
    elements: dict[str, tuple[int, int]] = {}
    for response in FIVE_RESPONDENTS:
        for code, value in response.items():
            answers, total = elements.get(code, (0, 0))
            elements[code] = (answers + 1, total + value)
    return UnitData(elements=elements, respondents=5, responses=5, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("served", "population", "sample"),
    [
        pytest.param(50, 50, 44, id="50 served → 44 (domain.md)"),
        pytest.param(1000, 1000, 278, id="1000 served → 278"),
        pytest.param(None, None, None, id="nobody reported: unknown"),
    ],
)
def test_the_sample_check_needs_no_indicator(
    served: int | None, population: int | None, sample: int | None
) -> None:
    """No IKU at all: the unit's IKM still comes with its Krejcie–Morgan minimum."""
    metrics = {} if served is None else {POPULATION: MetricTotals(Decimal(served), reporters=1)}
    data = _skm(metrics=metrics)
    summary = unit_summary(PUSKESMAS, [], {}, {}, data, 60, POPULATION)
    view = summary.satisfaction
    assert (view.ikm, view.population, view.required_sample) == (
        Decimal("85.56"),
        population,
        sample,
    )
    assert view.sample_short is (sample is not None)


def test_the_mean_waiting_time_is_rounded_once() -> None:
    view = satisfaction_view(UnitData(waiting_n=20_000, waiting_sum=1_144_999), 60, None)
    assert view.waiting_mean == Decimal("57.2")
