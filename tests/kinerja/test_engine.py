"""The IKU engine on domain.md's numbers, and roll-ups from raw data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kinerja.capaian import Category
from kinerja.engine import MetricTotals, UnitData, evaluate, evaluate_all, roll_up
from kinerja.periods import parse_period_key
from kinerja.skm import ELEMENT_CODES, Mutu, totals_of
from kinerja.summary import Status, status_of
from kinerja.types import (
    Aggregation,
    Indicator,
    IndicatorSource,
    OrgUnit,
    PeriodKind,
    Polarity,
    Target,
    UnitKind,
)
from tests.examples import FIVE_RESPONDENTS as FIVE

WEEK = parse_period_key("2026-W48")
PKM = OrgUnit("PKM", "Puskesmas", UnitKind.PUSKESMAS)
POLI_A = OrgUnit("PKM-A", "Poli A", UnitKind.SERVICE_UNIT, parent_code="PKM")
POLI_B = OrgUnit("PKM-B", "Poli B", UnitKind.SERVICE_UNIT, parent_code="PKM")


def _indicator(
    source: IndicatorSource,
    target: Target,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    **extra: Any,
) -> Indicator:
    return Indicator(
        code=source.value,
        name=source.value,
        name_en=source.value,
        source=source,
        polarity=polarity,
        target=target,
        period=PeriodKind.WEEK,
        unit_kind=UnitKind.PUSKESMAS,
        **extra,
    )


def _skm_data(responses: list[dict[str, int]], **extra: Any) -> UnitData:
    totals, respondents = totals_of(responses)
    return UnitData(
        elements={t.code: (t.answers, t.total) for t in totals if t.answers},
        respondents=respondents,
        responses=respondents,
        **extra,
    )


def test_ikm_of_the_five_respondents() -> None:
    indicator = _indicator(IndicatorSource.IKM, Target(Decimal("76.61")), cap_percent=Decimal(120))
    outcome = evaluate(indicator, PKM, WEEK, _skm_data(FIVE), 5, population=50)
    assert outcome.realisation == Decimal("85.56")
    assert outcome.grade is Mutu.B
    assert outcome.n == 5
    assert outcome.result is not None
    assert outcome.result.raw == Decimal("111.68")  # 85.56 / 76.61 (exact IKM 85.555…)
    assert outcome.result.category is Category.SANGAT_TINGGI
    assert outcome.sample_required == 44  # N = 50 → 44 (Krejcie & Morgan)
    assert outcome.sample_ok is False


def test_element_nrr_and_the_inm() -> None:
    element = _indicator(IndicatorSource.SKM_ELEMENT, Target(Decimal("3.0644")), element_code="U3")
    outcome = evaluate(element, PKM, WEEK, _skm_data(FIVE), 5, None)
    assert outcome.realisation == Decimal("3.0000")
    assert outcome.grade is Mutu.C
    inm = _indicator(IndicatorSource.PATIENT_SATISFACTION_INM, Target(Decimal("76.61")))
    assert evaluate(inm, PKM, WEEK, _skm_data(FIVE), 5, None).realisation == Decimal("85.56")


def test_waiting_time_indicators() -> None:
    data = UnitData(waiting_n=4, waiting_sum=45 + 60 + 75 + 20, waiting_within={60: 3})
    mean = _indicator(
        IndicatorSource.WAITING_TIME_MEAN, Target(Decimal(60)), Polarity.LOWER_IS_BETTER
    )
    outcome = evaluate(mean, PKM, WEEK, data, 5, None)
    assert outcome.realisation == Decimal(50)
    assert outcome.result is not None
    assert outcome.result.raw == Decimal("116.67")  # (2 − 50/60) × 100
    within = _indicator(
        IndicatorSource.WAITING_TIME_WITHIN, Target(Decimal(80)), threshold_minutes=60
    )
    share = evaluate(within, PKM, WEEK, data, 5, None)
    assert share.realisation == Decimal(75)
    assert share.result is not None
    assert share.result.raw == Decimal("93.75")


def test_asn_metric_and_ratio() -> None:
    data = UnitData(
        metrics={
            "pasien": MetricTotals(Decimal(450), Decimal(0), 3),
            "tangan": MetricTotals(Decimal(26), Decimal(30), 2),
        }
    )
    per_day = _indicator(
        IndicatorSource.ASN_METRIC,
        Target(Decimal(90)),
        metric_code="pasien",
        aggregation=Aggregation.MEAN_PER_WORKING_DAY,
    )
    assert evaluate(per_day, PKM, WEEK, data, 5, None).realisation == Decimal(90)
    per_asn = _indicator(
        IndicatorSource.ASN_METRIC,
        Target(Decimal(90)),
        metric_code="pasien",
        aggregation=Aggregation.MEAN_PER_ASN,
    )
    assert evaluate(per_asn, PKM, WEEK, data, 5, None).realisation == Decimal(150)
    ratio = _indicator(IndicatorSource.ASN_RATIO, Target(Decimal(85)), metric_code="tangan")
    compliance = evaluate(ratio, PKM, WEEK, data, 5, None)
    assert compliance.realisation == Decimal("86.6667")
    assert compliance.result is not None
    assert compliance.result.raw == Decimal("101.96")


def test_no_data_is_no_realisation_not_zero() -> None:
    for source in IndicatorSource:
        indicator = _indicator(
            source,
            Target(Decimal(80)),
            metric_code="pasien",
            aggregation=Aggregation.SUM,
            threshold_minutes=60,
            element_code="U1",
        )
        outcome = evaluate(indicator, PKM, WEEK, UnitData(), 5, None)
        assert outcome.realisation is None, source
        assert status_of(outcome.result) is Status.NO_DATA


def test_roll_up_pools_raw_answers_instead_of_averaging_averages() -> None:
    """Poli A: five all-4 respondents (IKM 100); Poli B: one all-1 respondent (IKM 25).

    The puskesmas has six respondents: pooled NRR (5×4 + 1)/6 = 3.5 → IKM 87.50. Averaging the
    two units' IKM would give 62.50.
    """
    own = {
        "PKM-A": _skm_data([dict.fromkeys(ELEMENT_CODES, 4)] * 5),
        "PKM-B": _skm_data([dict.fromkeys(ELEMENT_CODES, 1)]),
    }
    rolled = roll_up([PKM, POLI_A, POLI_B], own)
    assert rolled["PKM"].respondents == 6
    ikm = _indicator(IndicatorSource.IKM, Target(Decimal("76.61")))
    [outcome] = evaluate_all([ikm], [PKM, POLI_A, POLI_B], WEEK, rolled, 5, "pasien")
    assert outcome.unit_code == "PKM"
    assert outcome.realisation == Decimal("87.50")


def test_evaluate_all_picks_the_period_kind_and_the_units() -> None:
    weekly = _indicator(IndicatorSource.IKM, Target(Decimal("76.61")))
    monthly = Indicator(
        code="M",
        name="M",
        name_en="M",
        source=IndicatorSource.IKM,
        polarity=Polarity.HIGHER_IS_BETTER,
        target=Target(Decimal(70)),
        period=PeriodKind.MONTH,
        unit_code="PKM-A",
    )
    outcomes = evaluate_all([weekly, monthly], [PKM, POLI_A], WEEK, {}, 5, "pasien")
    assert [(o.indicator_code, o.unit_code) for o in outcomes] == [("ikm", "PKM")]
    month = parse_period_key("2026-11")
    outcomes = evaluate_all([weekly, monthly], [PKM, POLI_A], month, {}, 20, "pasien")
    assert [(o.indicator_code, o.unit_code) for o in outcomes] == [("M", "PKM-A")]
    assert month.start == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("120", Status.MET),
        ("100", Status.MET),
        ("99.99", Status.NEAR),
        ("99.9999", Status.NEAR),
        ("76", Status.NEAR),
        ("75.99", Status.BELOW),
        ("75.9999", Status.BELOW),
    ],
)
def test_status_markers(raw: str, status: Status) -> None:
    """On the exact capaian: 99.9999 % is not met, whatever two decimals would show."""
    from kinerja.capaian import Capaian

    exact = Fraction(raw)
    shown = Decimal(raw).quantize(Decimal("0.01"))
    assert status_of(Capaian(shown, shown, Category.TINGGI, exact)) is status
