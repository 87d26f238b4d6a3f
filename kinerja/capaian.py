"""IKU achievement (capaian): SAKIP / LKjIP practice, PermenPAN-RB 8/2021 forms."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kinerja.skm import round_half_up
from kinerja.types import Polarity, Target

_HUNDRED = Fraction(100)


class Category(enum.StrEnum):
    """Permendagri 86/2017 achievement scale."""

    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"


@dataclass(frozen=True, slots=True)
class CategoryScale:
    """Lower bounds in percent; configurable per agency."""

    bands: Sequence[tuple[Decimal, Category]] = (
        (Decimal(91), Category.SANGAT_TINGGI),
        (Decimal(76), Category.TINGGI),
        (Decimal(66), Category.SEDANG),
        (Decimal(51), Category.RENDAH),
    )

    def category(self, capaian_percent: Decimal) -> Category:
        for bound, category in self.bands:
            if capaian_percent >= bound:
                return category
        return Category.SANGAT_RENDAH


DEFAULT_SCALE = CategoryScale()


def capaian_exact(realisation: Fraction, target: Target, polarity: Polarity) -> Fraction:
    """Raw capaian in percent, clamped at 0 but never capped.

    Lower is better: (2 − R/T) × 100, not T/R (some apps do that; it is wrong). A range target
    scores 100 inside, and outside is compared with the nearer bound under the same polarity.
    """
    low = Fraction(target.low)
    if target.high is not None:
        high = Fraction(target.high)
        if low <= realisation <= high:
            return _HUNDRED
        bound = high if realisation > high else low
    else:
        bound = low
    if bound == 0:
        # A zero target: meeting it is full achievement, anything else is measured from 0.
        if polarity is Polarity.LOWER_IS_BETTER:
            return _HUNDRED if realisation <= 0 else Fraction(0)
        return _HUNDRED if realisation >= 0 else Fraction(0)
    ratio = realisation / bound
    percent = ratio * 100 if polarity is Polarity.HIGHER_IS_BETTER else (2 - ratio) * 100
    return max(percent, Fraction(0))


@dataclass(frozen=True, slots=True)
class Capaian:
    raw: Decimal
    capped: Decimal
    category: Category


def capaian(
    realisation: Fraction | Decimal,
    target: Target,
    polarity: Polarity,
    cap_percent: Decimal | None = None,
    scale: CategoryScale = DEFAULT_SCALE,
) -> Capaian:
    """Capaian to two decimals; the optional cap (often 120 %) is for display and roll-ups."""
    exact = capaian_exact(Fraction(realisation), target, polarity)
    raw = round_half_up(exact)
    capped = min(raw, cap_percent) if cap_percent is not None else raw
    return Capaian(raw=raw, capped=capped, category=scale.category(raw))
