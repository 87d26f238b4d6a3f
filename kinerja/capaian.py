"""IKU achievement (capaian): SAKIP / LKjIP practice, PermenPAN-RB 8/2021 forms."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kinerja.skm import round_half_up
from kinerja.types import Polarity, Target

_HUNDRED = Fraction(100)
MET_PERCENT = Decimal(100)
"""A capaian of 100 % or more: the target is reached."""
NEAR_PERCENT = Decimal(76)
"""Below target, but Tinggi on the default scale or better: the summary's 🟡."""
REALISATION_PLACES = 4
"""Decimals a computed realisation keeps (the regulation writes NRR with four)."""


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

    def category(self, capaian_percent: Decimal | Fraction) -> Category:
        value = Fraction(capaian_percent)
        for bound, category in self.bands:
            if value >= Fraction(bound):
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


def round_short_of(
    value: Fraction | Decimal,
    places: int,
    bounds: Iterable[Decimal | Fraction],
    *,
    from_above: bool = False,
) -> Decimal:
    """`value` to `places` decimals, half up, except that a value below a bound never shows as
    reaching it: it is rounded down instead (99.996 % shows as 99.99 %, never as 100.00 %;
    an NRR of 3.06435 against 3.0644 as 3.0643). With `from_above`, a value above a bound never
    shows as reaching it (a waiting time of 60.04 against at most 60 shows as 60.1). Nor does
    a value ever show on the other side of a bound (which only a bound finer than `places`
    allows). So every "at least the bound" verdict (at most, with `from_above`) reads the same
    on the shown number as on the exact one."""
    exact = Fraction(value)
    scale = 10**places
    shown = Fraction(round_half_up(exact, Decimal(1).scaleb(-places)))
    for bound in (Fraction(b) for b in bounds):
        crossed = exact < bound < shown or shown < bound < exact
        landed = shown == bound and (exact > bound if from_above else exact < bound)
        if crossed or landed:
            directed = math.floor(exact * scale) if exact < bound else math.ceil(exact * scale)
            shown = Fraction(directed, scale)
    return Decimal(shown.numerator * (scale // shown.denominator)).scaleb(-places)


def target_bounds(target: Target) -> tuple[Decimal, ...]:
    return (target.low,) if target.high is None else (target.low, target.high)


def decimals_of(value: Decimal) -> int:
    """The decimals a configured value was written with: 3.0644 → 4, 76.61 → 2, 60 → 0."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def display_places(target: Target, usual: int) -> int:
    """One precision for a realisation and its target: the usual one for the measure, or the
    target's own if it has more decimals (a target of 3.0644 shows NRR 3.0643, not 3.06), at most
    the decimals a realisation keeps."""
    wanted = max([usual, *(decimals_of(b) for b in target_bounds(target))])
    return min(wanted, REALISATION_PLACES)


def shown_realisation(
    realisation: Decimal | Fraction, target: Target, polarity: Polarity, places: int
) -> Decimal:
    """A realisation at `places` decimals that meets its target as shown exactly when it does:
    below a higher-is-better target (above a lower-is-better one) it never shows as reaching it."""
    return round_short_of(
        realisation,
        places,
        target_bounds(target),
        from_above=polarity is Polarity.LOWER_IS_BETTER,
    )


@dataclass(frozen=True, slots=True)
class Capaian:
    raw: Decimal
    """Two decimals, rounded by `round_short_of` against 100 % and every category bound:
    `raw` ≥ 100 exactly when the target is met, and `category` is the category of `exact`."""
    capped: Decimal
    category: Category
    exact: Fraction
    """Every verdict (met, near, category) is taken on this."""

    @property
    def met(self) -> bool:
        return self.exact >= MET_PERCENT


def capaian(
    realisation: Fraction | Decimal,
    target: Target,
    polarity: Polarity,
    cap_percent: Decimal | None = None,
    scale: CategoryScale = DEFAULT_SCALE,
) -> Capaian:
    """Capaian to two decimals; the optional cap (often 120 %) is for display and roll-ups."""
    exact = capaian_exact(Fraction(realisation), target, polarity)
    bounds = {MET_PERCENT, NEAR_PERCENT, *(bound for bound, _ in scale.bands)}
    raw = round_short_of(exact, 2, bounds)
    capped = min(raw, cap_percent) if cap_percent is not None else raw
    return Capaian(raw=raw, capped=capped, category=scale.category(exact), exact=exact)
