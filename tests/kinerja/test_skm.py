"""IKM, grades, INM and sample size against every check value of domain.md §1."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.skm import (
    ELEMENT_CODES,
    ElementTotals,
    Mutu,
    ikm,
    ikm_from_totals,
    ikm_grade,
    nrr_grade,
    patient_satisfaction_inm,
    required_sample_size,
    totals_of,
)
from tests.examples import FIVE_RESPONDENTS


def _response(*scores: int) -> dict[str, int]:
    return dict(zip(ELEMENT_CODES, scores, strict=True))


def test_five_respondents_give_the_documented_nrr_ikm_and_grade() -> None:
    result = ikm(FIVE_RESPONDENTS)
    assert [e.nrr_display for e in result.elements] == [
        Decimal(x) for x in ("3.6", "3.6", "3.0", "3.8", "3.4", "3.6", "3.8", "3.0", "3.0")
    ]
    assert result.value == Decimal("85.56")
    assert result.grade is Mutu.B
    assert result.respondents == 5
    assert result.missing_elements == ()


@pytest.mark.parametrize(
    ("score", "expected", "grade"),
    [
        pytest.param(4, Decimal("100.00"), Mutu.A, id="all 4s → 100.00 A"),
        pytest.param(1, Decimal("25.00"), Mutu.D, id="all 1s → 25.00 D"),
    ],
)
def test_uniform_answers(score: int, expected: Decimal, grade: Mutu) -> None:
    result = ikm([_response(*[score] * 9)] * 3)
    assert result.value == expected
    assert result.grade is grade


@pytest.mark.parametrize(
    ("mean_nrr", "ikm_value", "grade"),
    [
        pytest.param("3.5324", "88.31", Mutu.A, id="NRR 3.5324 → 88.31 A"),
        pytest.param("3.532", "88.30", Mutu.B, id="NRR 3.532 → 88.30 B (gap in the table)"),
        pytest.param("2.60", "65.00", Mutu.C, id="NRR 2.60 → 65.00 C"),
    ],
)
def test_uniform_mean_nrr_boundaries(mean_nrr: str, ikm_value: str, grade: Mutu) -> None:
    """A uniform NRR is reproduced exactly with 10,000 answers per element."""
    total = int(Decimal(mean_nrr) * 10_000)
    totals = [ElementTotals(code, 10_000, total) for code in ELEMENT_CODES]
    result = ikm_from_totals(totals, respondents=10_000)
    assert result.value == Decimal(ikm_value)
    assert result.grade is grade


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        pytest.param("88.31", Mutu.A, id="A lower bound"),
        pytest.param("88.30", Mutu.B, id="just below A"),
        pytest.param("76.61", Mutu.B, id="B lower bound"),
        pytest.param("76.60", Mutu.C, id="just below B"),
        pytest.param("65.00", Mutu.C, id="C lower bound"),
        pytest.param("64.99", Mutu.D, id="just below C"),
        pytest.param("81.26", Mutu.B, id="the obsolete 2014 A bound is a B today"),
    ],
)
def test_ikm_grade_bands(value: str, grade: Mutu) -> None:
    assert ikm_grade(Decimal(value)) is grade


@pytest.mark.parametrize(
    ("nrr", "grade"),
    [
        ("3.5324", Mutu.A),
        ("3.5323", Mutu.B),
        ("3.0644", Mutu.B),
        ("3.0643", Mutu.C),
        ("2.60", Mutu.C),
        ("2.5999", Mutu.D),
    ],
)
def test_nrr_grade_bands(nrr: str, grade: Mutu) -> None:
    assert nrr_grade(Decimal(nrr)) is grade


def test_unanswered_elements_are_left_out_and_named() -> None:
    """Nobody answered U9: the mean is over eight elements, not nine with a zero."""
    responses = [{code: 4 for code in ELEMENT_CODES if code != "U9"}] * 2
    result = ikm(responses)
    assert result.missing_elements == ("U9",)
    assert result.value == Decimal("100.00")


def test_no_responses_have_no_ikm() -> None:
    result = ikm([])
    assert result.value is None
    assert result.grade is None
    assert result.weakest_element() is None


def test_weakest_element_is_the_lowest_nrr() -> None:
    weakest = ikm(FIVE_RESPONDENTS).weakest_element()
    assert weakest is not None
    assert weakest.code == "U3"  # U3, U8 and U9 tie at 3.0: the first asked wins


def test_inm_is_the_grand_mean_and_differs_from_ikm_when_answers_are_missing() -> None:
    responses = [_response(*[4] * 9), {"U1": 1}]
    totals, _ = totals_of(responses)
    # 9 fours and one 1 over 10 answers: 25 × 37 / 10 = 92.50
    assert patient_satisfaction_inm(totals) == Decimal("92.50")
    assert ikm(responses).value == Decimal("95.83")  # U1's NRR is 2.5, the others 4


def test_inm_equals_ikm_without_missing_answers() -> None:
    totals, _ = totals_of(FIVE_RESPONDENTS)
    assert patient_satisfaction_inm(totals) == ikm(FIVE_RESPONDENTS).value


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        pytest.param(50, 44, id="N=50 → 44"),
        pytest.param(1000, 278, id="N=1000 → 278"),
        pytest.param(1_000_000, 384, id="N=1,000,000 → 384"),
        pytest.param(0, 0, id="nobody served → nothing required"),
    ],
)
def test_krejcie_morgan(population: int, sample: int) -> None:
    assert required_sample_size(population) == sample


answers = st.integers(min_value=1, max_value=4)


@given(st.lists(st.fixed_dictionaries(dict.fromkeys(ELEMENT_CODES, answers)), min_size=1))
def test_ikm_stays_within_25_and_100(responses: list[dict[str, int]]) -> None:
    value = ikm(responses).value
    assert value is not None
    assert Decimal(25) <= value <= Decimal(100)


@given(st.integers(min_value=1, max_value=10**7))
def test_sample_never_exceeds_population_nor_384(population: int) -> None:
    assert required_sample_size(population) <= min(population, 384)
