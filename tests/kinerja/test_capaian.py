"""Capaian against every check value of domain.md §2."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.capaian import (
    Category,
    CategoryScale,
    capaian,
    capaian_exact,
    display_places,
    round_short_of,
    shown_realisation,
)
from kinerja.types import Polarity, Target

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER


@pytest.mark.parametrize(
    ("target", "realisation", "polarity", "expected"),
    [
        pytest.param(Target(Decimal(90)), "92", HIGHER, "102.22", id="T90 R92 → 102.22"),
        pytest.param(Target(Decimal(80)), "70", HIGHER, "87.50", id="T80 R70 → 87.50"),
        pytest.param(Target(Decimal(60)), "45", LOWER, "125.00", id="wait 60: R45 → 125.00"),
        pytest.param(Target(Decimal(60)), "60", LOWER, "100.00", id="wait 60: R60 → 100"),
        pytest.param(Target(Decimal(60)), "75", LOWER, "75.00", id="wait 60: R75 → 75.00"),
        pytest.param(Target(Decimal(60)), "130", LOWER, "0.00", id="wait 60: R130 → 0 clamped"),
        pytest.param(
            Target(Decimal(7), Decimal(8)), "6.5", LOWER, "107.14", id="range 7–8: R6.5 → 107.14"
        ),
        pytest.param(
            Target(Decimal(7), Decimal(8)), "9", LOWER, "87.50", id="range 7–8: R9 → 87.50"
        ),
        pytest.param(
            Target(Decimal(7), Decimal(8)), "7.5", LOWER, "100.00", id="inside the range → 100"
        ),
        pytest.param(
            Target(Decimal(7), Decimal(8)), "6.5", HIGHER, "92.86", id="higher: below range"
        ),
    ],
)
def test_capaian_check_values(
    target: Target, realisation: str, polarity: Polarity, expected: str
) -> None:
    assert capaian(Decimal(realisation), target, polarity).raw == Decimal(expected)


def test_lower_is_better_is_not_target_over_realisation() -> None:
    """T/R would give 133.33 for R45; the regulation's form gives 125."""
    assert capaian(Decimal(45), Target(Decimal(60)), LOWER).raw != Decimal("133.33")


def test_cap_applies_to_display_only() -> None:
    result = capaian(Decimal(45), Target(Decimal(60)), LOWER, cap_percent=Decimal(120))
    assert result.raw == Decimal("125.00")
    assert result.capped == Decimal(120)


@pytest.mark.parametrize(
    ("percent", "category"),
    [
        ("150", Category.SANGAT_TINGGI),
        ("91", Category.SANGAT_TINGGI),
        ("90.99", Category.TINGGI),
        ("76", Category.TINGGI),
        ("75.99", Category.SEDANG),
        ("66", Category.SEDANG),
        ("65.99", Category.RENDAH),
        ("51", Category.RENDAH),
        ("50.99", Category.SANGAT_RENDAH),
        ("0", Category.SANGAT_RENDAH),
    ],
)
def test_permendagri_categories(percent: str, category: Category) -> None:
    assert CategoryScale().category(Decimal(percent)) is category


def test_zero_target() -> None:
    assert capaian(Decimal(0), Target(Decimal(0)), LOWER).raw == Decimal(100)
    assert capaian(Decimal(3), Target(Decimal(0)), LOWER).raw == Decimal(0)


positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10_000), places=2)


@given(positive, positive)
def test_capaian_is_never_negative(target: Decimal, realisation: Decimal) -> None:
    for polarity in Polarity:
        assert capaian(realisation, Target(target), polarity).raw >= 0


@given(positive)
def test_meeting_the_target_is_exactly_100(target: Decimal) -> None:
    for polarity in Polarity:
        assert capaian(target, Target(target), polarity).raw == Decimal(100)


# ------------------------------------------------------------------- shown figures agree


@pytest.mark.parametrize(
    ("value", "places", "bounds", "from_above", "shown"),
    [
        pytest.param("99.996", 2, ["100"], False, "99.99", id="just below 100: never 100.00"),
        pytest.param("99.994", 2, ["100"], False, "99.99", id="half up already below"),
        pytest.param("100", 2, ["100"], False, "100.00", id="on the bound stays on it"),
        pytest.param("100.004", 2, ["100"], False, "100.00", id="just above: the bound, met"),
        pytest.param("75.996", 2, ["76", "100"], False, "75.99", id="just below the near line"),
        pytest.param("3.06435", 4, ["3.0644"], False, "3.0643", id="NRR half up onto target"),
        pytest.param("3.0646", 2, ["3.0644"], False, "3.07", id="coarser bound: not across"),
        pytest.param("3.0641", 2, ["3.0644"], False, "3.06", id="coarser bound: below"),
        pytest.param("60.04", 1, ["60"], True, "60.1", id="at most 60: above stays above"),
        pytest.param("59.96", 1, ["60"], True, "60.0", id="at most 60: below may reach it"),
        pytest.param("6.996", 2, ["7", "8"], False, "6.99", id="below a range stays below"),
        pytest.param("12.345", 2, [], False, "12.35", id="no bound: half up"),
    ],
)
def test_rounding_never_reaches_a_bound_it_is_short_of(
    value: str, places: int, bounds: list[str], from_above: bool, shown: str
) -> None:
    result = round_short_of(
        Fraction(value), places, [Decimal(b) for b in bounds], from_above=from_above
    )
    assert (result, str(result)) == (Decimal(shown), shown)


def test_an_nrr_just_below_its_target_is_not_met() -> None:
    """The issue's line: NRR 3.0643 against 3.0644 is 99.9967 %, shown 99.99 %, and not met."""
    result = capaian(Decimal("3.0643"), Target(Decimal("3.0644")), HIGHER)
    assert (result.raw, result.met, result.category) == (
        Decimal("99.99"),
        False,
        Category.SANGAT_TINGGI,
    )
    shown = shown_realisation(Decimal("3.0643"), Target(Decimal("3.0644")), HIGHER, 4)
    assert str(shown) == "3.0643"


@pytest.mark.parametrize(
    ("target", "usual", "places"),
    [
        pytest.param(Target(Decimal("3.0644")), 2, 4, id="NRR target: four"),
        pytest.param(Target(Decimal("76.61")), 2, 2, id="IKM target: two"),
        pytest.param(Target(Decimal(60)), 1, 1, id="minutes: one"),
        pytest.param(Target(Decimal("7.5"), Decimal("8.125")), 2, 3, id="range: its finest"),
        pytest.param(Target(Decimal("0.123456")), 2, 4, id="at most four"),
    ],
)
def test_display_places(target: Target, usual: int, places: int) -> None:
    assert display_places(target, usual) == places


exact_values = st.fractions(min_value=0, max_value=1000, max_denominator=10_000)
targets = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1000), places=4)


@given(
    exact_values,
    targets,
    st.one_of(st.none(), targets),
    st.sampled_from(Polarity),
    st.integers(0, 4),
)
def test_what_is_shown_agrees_with_the_verdict(
    realisation: Fraction, low: Decimal, high: Decimal | None, polarity: Polarity, usual: int
) -> None:
    """Shown capaian ≥ 100 exactly when met, shown category is the exact one, and the shown
    realisation compared with its target (at the same precision) gives the same verdict."""
    target = Target(low) if high is None else Target(min(low, high), max(low, high))
    result = capaian(realisation, target, polarity)
    assert (result.raw >= 100) is result.met
    assert CategoryScale().category(result.raw) is result.category
    assert abs(Fraction(result.raw) - result.exact) < Fraction(1, 100)
    places = display_places(target, usual)
    shown = shown_realisation(realisation, target, polarity, places)
    assert (capaian_exact(Fraction(shown), target, polarity) >= 100) is result.met
