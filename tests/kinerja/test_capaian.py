"""Capaian against every check value of domain.md §2."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.capaian import Category, CategoryScale, capaian
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
