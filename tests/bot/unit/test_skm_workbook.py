"""The SKM report's processing table (PermenPAN-RB 14/2017): what a reader adds up in the
spreadsheet agrees with the total and the IKM it shows."""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from bot.usecases.workbooks import IKM_FORMAT, NRR_FORMAT, nrr_sheet
from kinerja.skm import ELEMENT_CODES, ElementTotals, IkmResult, ikm_from_totals, totals_of
from tests.examples import FIVE_RESPONDENTS


def _shown(cell: Any) -> Decimal:
    """The cell as a spreadsheet displays it under its number format."""
    places = {NRR_FORMAT: 4, IKM_FORMAT: 2}[cell.number_format]
    return Decimal(f"{cell.value:.{places}f}")


def _table(ikm: IkmResult) -> tuple[list[Any], Any, Any]:
    """The element rows, the total row and the IKM row, as a reader opens them."""
    book = Workbook()
    nrr_sheet(book, ikm)
    out = io.BytesIO()
    book.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["NRR per unsur"]
    rows = list(sheet.iter_rows(min_row=2))
    answered = [r for r in rows if r[0].value in ELEMENT_CODES and r[4].value is not None]
    [total] = [r for r in rows if r[0].value == "Jumlah"]
    [value] = [r for r in rows if r[0].value == "IKM"]
    return answered, total, value


def _check(ikm: IkmResult) -> None:
    answered, total, value = _table(ikm)
    assert len(answered) == len(ikm.elements)
    weighted = [_shown(r[5]) for r in answered]
    assert sum(weighted) == _shown(total[5])
    assert _shown(total[5]) * 25 == _shown(value[5]) == ikm.value
    for row, element, shown in zip(answered, ikm.elements, weighted, strict=True):
        assert _shown(row[4]) == element.nrr_display
        exact = element.nrr / len(ikm.elements)
        assert abs(Fraction(shown) - exact) <= Fraction(3, 10**4)


def test_domain_examples_add_up() -> None:
    """domain.md's five respondents: NRR tertimbang 0.4000 … summing to 3.4224 = 85.56 / 25,
    with the three rounding units the IKM's own rounding adds given to U3, U8 and U9."""
    ikm = ikm_from_totals(*totals_of(FIVE_RESPONDENTS))
    answered, total, value = _table(ikm)
    assert [_shown(r[5]) for r in answered] == [
        Decimal(v)
        for v in (
            "0.4000",
            "0.4000",
            "0.3334",
            "0.4222",
            "0.3778",
            "0.4000",
            "0.4222",
            "0.3334",
            "0.3334",
        )
    ]
    assert (_shown(total[5]), _shown(value[5]), value[6].value) == (
        Decimal("3.4224"),
        Decimal("85.56"),
        "B",
    )
    _check(ikm)


def _element(code: str) -> st.SearchStrategy[ElementTotals]:
    return st.integers(0, 400).flatmap(
        lambda n: st.builds(ElementTotals, st.just(code), st.just(n), st.integers(n, 4 * n))
    )


@settings(max_examples=300)
@given(st.tuples(*(_element(code) for code in ELEMENT_CODES)))
def test_shown_weighted_nrrs_add_up_to_the_shown_total(totals: tuple[ElementTotals, ...]) -> None:
    """Any answers, elements left unanswered included: the four-decimal NRR tertimbang a
    reader sums give the total shown, and the total × 25 is the IKM shown."""
    ikm = ikm_from_totals(totals, max(t.answers for t in totals))
    if ikm.value is None:
        answered, total, value = _table(ikm)
        assert answered == []
        assert total[5].value is None
        assert value[5].value is None
        return
    _check(ikm)
