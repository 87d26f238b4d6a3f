"""The citizen satisfaction survey (SKM) and its index (IKM), PermenPAN-RB 14/2017.

Arithmetic is exact (`Fraction`) and rounded half-up to two decimals only for display and before
grading, as the regulation's processing template does. Answers are keyed by element code, never by
position: the regulation's body and its sample questionnaire order U8/U9 differently.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENT_CODES: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
"""Questionnaire order, which kinerja uses to ask."""

ELEMENT_NAMES: Mapping[str, str] = {
    "U1": "Persyaratan",
    "U2": "Sistem, Mekanisme, dan Prosedur",
    "U3": "Waktu Penyelesaian",
    "U4": "Biaya/Tarif",
    "U5": "Produk Spesifikasi Jenis Pelayanan",
    "U6": "Kompetensi Pelaksana",
    "U7": "Perilaku Pelaksana",
    "U8": "Sarana dan Prasarana",
    "U9": "Penanganan Pengaduan, Saran dan Masukan",
}

OFFICIAL_LABELS: Mapping[str, tuple[str, str, str, str]] = {
    "U1": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "U2": ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    "U3": ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    "U4": ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    "U5": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "U6": ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    "U7": (
        "Tidak sopan dan ramah",
        "Kurang sopan dan ramah",
        "Sopan dan ramah",
        "Sangat sopan dan ramah",
    ),
    "U8": ("Buruk", "Cukup", "Baik", "Sangat Baik"),
    "U9": (
        "Tidak ada",
        "Ada tetapi tidak berfungsi",
        "Berfungsi kurang maksimal",
        "Dikelola dengan baik",
    ),
}
"""The official answer labels for scores 1..4, used as they are."""

MIN_SCORE = 1
MAX_SCORE = 4

NRR_PLACES = 4
"""The regulation's NRR precision: its grade bounds (3.5324, 3.0644) have four decimals, so an NRR
is shown with four wherever a grade or a "below B" flag goes with it."""
_TWO_PLACES = Decimal("0.01")
_FOUR_PLACES = Decimal(1).scaleb(-NRR_PLACES)


class Mutu(enum.StrEnum):
    """Service quality grade; the unit's performance label is in `KINERJA_UNIT`."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


KINERJA_UNIT: Mapping[Mutu, str] = {
    Mutu.A: "Sangat Baik",
    Mutu.B: "Baik",
    Mutu.C: "Kurang Baik",
    Mutu.D: "Tidak Baik",
}

# Lower bounds: the official table has gaps (88.30 / 88.31), so each grade starts where the
# previous ends. The 2004/2014 bands (81.26 = A) are obsolete.
_IKM_BANDS: tuple[tuple[Decimal, Mutu], ...] = (
    (Decimal("88.31"), Mutu.A),
    (Decimal("76.61"), Mutu.B),
    (Decimal("65.00"), Mutu.C),
)
_NRR_BANDS: tuple[tuple[Decimal, Mutu], ...] = (
    (Decimal("3.5324"), Mutu.A),
    (Decimal("3.0644"), Mutu.B),
    (Decimal("2.60"), Mutu.C),
)


def is_valid_score(value: int) -> bool:
    return MIN_SCORE <= value <= MAX_SCORE


def round_half_up(value: Fraction | Decimal, places: Decimal = _TWO_PLACES) -> Decimal:
    """Round as the regulation's spreadsheet does (half up), from an exact value."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        # 28 significant digits are far beyond the two or four places kept.
        return exact.quantize(places, rounding=ROUND_HALF_UP)
    return value.quantize(places, rounding=ROUND_HALF_UP)


def ikm_grade(ikm: Decimal) -> Mutu:
    """Grade of an IKM already rounded to two decimals."""
    for bound, mutu in _IKM_BANDS:
        if ikm >= bound:
            return mutu
    return Mutu.D


def nrr_grade(nrr: Decimal) -> Mutu:
    """Grade of one element's NRR on the 1..4 scale (same bands as the IKM divided by 25)."""
    for bound, mutu in _NRR_BANDS:
        if nrr >= bound:
            return mutu
    return Mutu.D


@dataclass(frozen=True, slots=True)
class ElementScore:
    code: str
    answers: int
    total: int

    @property
    def nrr(self) -> Fraction:
        return Fraction(self.total, self.answers)

    @property
    def nrr_display(self) -> Decimal:
        return round_half_up(self.nrr, _FOUR_PLACES)

    @property
    def grade(self) -> Mutu:
        return nrr_grade(self.nrr_display)


@dataclass(frozen=True, slots=True)
class IkmResult:
    """IKM of one unit and period, per-element method."""

    elements: tuple[ElementScore, ...]
    respondents: int
    missing_elements: tuple[str, ...]
    """Elements nobody answered: left out of the mean, and the summary says so."""

    @property
    def exact(self) -> Fraction | None:
        if not self.elements:
            return None
        return 25 * sum((e.nrr for e in self.elements), Fraction(0)) / len(self.elements)

    @property
    def value(self) -> Decimal | None:
        exact = self.exact
        return None if exact is None else round_half_up(exact)

    @property
    def grade(self) -> Mutu | None:
        value = self.value
        return None if value is None else ikm_grade(value)

    def weakest_element(self) -> ElementScore | None:
        """The lowest NRR; ties go to the element asked first."""
        if not self.elements:
            return None
        return min(self.elements, key=lambda e: (e.nrr, ELEMENT_CODES.index(e.code)))


WEIGHTED_PLACES = 4
"""NRR tertimbang and the IKM unit (before × 25) are written with four decimals: an IKM of two
decimals divided by 25 is exact at four."""


def ikm_unit(ikm: IkmResult) -> Decimal | None:
    """The regulation's "IKM unit pelayanan" before the × 25 conversion: the IKM shown, / 25."""
    value = ikm.value
    return None if value is None else (value / 25).quantize(Decimal(1).scaleb(-WEIGHTED_PLACES))


def weighted_nrrs(ikm: IkmResult) -> tuple[Decimal, ...]:
    """Each answered element's NRR tertimbang (NRR × 1/k for k answered elements: the
    regulation's 0,111 is 1/9 rounded, kept exact here), to four decimals, so that they add up to
    `ikm_unit` exactly, as the report's total row shows them.

    Largest-remainder rule: each is rounded half up; while their sum differs from the total by
    some units of 0.0001, the elements whose rounding went furthest the other way move one unit
    each (ties in questionnaire order). No element then differs from its exact value by more
    than 0.00015 (a unit and a half) unless the IKM's own rounding demands more than one unit
    per element, which takes fewer than three answered elements."""
    total = ikm_unit(ikm)
    if total is None:
        return ()
    scale = 10**WEIGHTED_PLACES
    exact = [e.nrr * scale / len(ikm.elements) for e in ikm.elements]
    units = [math.floor(x + Fraction(1, 2)) for x in exact]
    missing = int(total * scale) - sum(units)
    step = 1 if missing > 0 else -1
    # Furthest the other way: the largest (exact − rounded) when units are missing, else smallest.
    order = sorted(range(len(units)), key=lambda i: (-step * (exact[i] - units[i]), i))
    for n in range(abs(missing)):
        units[order[n % len(units)]] += step
    return tuple(Decimal(u).scaleb(-WEIGHTED_PLACES) for u in units)


@dataclass(frozen=True, slots=True)
class ElementTotals:
    """Pre-aggregated answers of one element, as a single SQL GROUP BY returns them."""

    code: str
    answers: int
    total: int


def ikm_from_totals(totals: Iterable[ElementTotals], respondents: int) -> IkmResult:
    """IKM = 25 × mean of the NRR of the answered elements, weight exactly 1/9 when all are.

    Taking totals rather than answers lets the shell aggregate millions of rows in the database
    and keeps this function the single place where the formula lives.
    """
    by_code = {t.code: t for t in totals if t.answers > 0}
    elements = tuple(
        ElementScore(code, by_code[code].answers, by_code[code].total)
        for code in ELEMENT_CODES
        if code in by_code
    )
    missing = tuple(code for code in ELEMENT_CODES if code not in by_code)
    return IkmResult(elements=elements, respondents=respondents, missing_elements=missing)


def totals_of(responses: Iterable[Mapping[str, int]]) -> tuple[list[ElementTotals], int]:
    """Element totals of individual responses (answers keyed by element code)."""
    answers = dict.fromkeys(ELEMENT_CODES, 0)
    sums = dict.fromkeys(ELEMENT_CODES, 0)
    respondents = 0
    for response in responses:
        respondents += 1
        for code, value in response.items():
            answers[code] += 1
            sums[code] += value
    return [ElementTotals(c, answers[c], sums[c]) for c in ELEMENT_CODES], respondents


def ikm(responses: Iterable[Mapping[str, int]]) -> IkmResult:
    totals, respondents = totals_of(responses)
    return ikm_from_totals(totals, respondents)


def patient_satisfaction_inm(totals: Iterable[ElementTotals]) -> Decimal | None:
    """INM of PMK 30/2022: one grand mean over every answer given, times 25.

    Equal to the IKM when no answer is missing; differs when elements were skipped.
    """
    answers = 0
    total = 0
    for t in totals:
        answers += t.answers
        total += t.total
    if answers == 0:
        return None
    return round_half_up(Fraction(25 * total, answers))


_Z2 = Fraction("3.841")  # chi-square, 1 degree of freedom, 95 %
_P_Q = Fraction(1, 4)  # p(1 - p) at p = 0.5
_D2 = Fraction("0.0025")  # 5 % margin of error, squared


def required_sample_size(population: int) -> int:
    """Krejcie & Morgan (1970), as the regulation uses; rounded to the nearest integer.

    The "150 respondents" rule comes from the repealed 2004 regulation.
    """
    if population <= 0:
        return 0
    n = Fraction(population)
    exact = _Z2 * n * _P_Q / (_D2 * (n - 1) + _Z2 * _P_Q)
    return int(round_half_up(exact, Decimal(1)))
