"""domain.md §1's worked example, defined once: five respondents at one unit.

Their answers (U1..U9) give NRR 3.6 3.6 3.0 3.8 3.4 3.6 3.8 3.0 3.0, IKM 85.56, mutu B; the
pure rules, the summaries and the CLI are all checked against these same numbers.
"""

from __future__ import annotations

from kinerja.skm import ELEMENT_CODES

FIVE_RESPONDENTS: list[dict[str, int]] = [
    dict(zip(ELEMENT_CODES, row, strict=True))
    for row in (
        (4, 4, 3, 4, 3, 4, 4, 3, 3),
        (3, 3, 3, 4, 3, 3, 4, 3, 2),
        (4, 3, 2, 4, 4, 4, 4, 3, 3),
        (3, 4, 3, 3, 3, 3, 3, 2, 3),
        (4, 4, 4, 4, 4, 4, 4, 4, 4),
    )
]
"""Answers keyed by element code, in the order domain.md lists the respondents."""
