"""Realisation of ASN-reported indicators from raw report values (domain.md §4).

Roll-ups are always computed from the raw values of every unit below, never by averaging
averages; these functions take the raw values.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from kinerja.types import Aggregation


def asn_metric_realisation(
    aggregation: Aggregation,
    values: Iterable[Decimal],
    working_days: int,
    reporting_asn: int,
) -> Fraction | None:
    """Sum; mean per working day of the period; or mean per ASN who reported."""
    total = sum((Fraction(v) for v in values), Fraction(0))
    match aggregation:
        case Aggregation.SUM:
            return total
        case Aggregation.MEAN_PER_WORKING_DAY:
            return None if working_days <= 0 else total / working_days
        case Aggregation.MEAN_PER_ASN:
            return None if reporting_asn <= 0 else total / reporting_asn


def ratio_realisation(pairs: Iterable[tuple[Decimal, Decimal]]) -> Fraction | None:
    """Compliance in percent: all numerators over all denominators (observations pooled)."""
    numerator = Fraction(0)
    denominator = Fraction(0)
    for num, den in pairs:
        numerator += Fraction(num)
        denominator += Fraction(den)
    return None if denominator == 0 else numerator / denominator * 100
