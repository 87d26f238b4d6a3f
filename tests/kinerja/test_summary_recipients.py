"""Which supervisors a period's summary goes to (`receives_summary_of`)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from kinerja.periods import parse_period_key
from kinerja.summary import receives_summary_of

WIB = ZoneInfo("Asia/Jakarta")
W47 = parse_period_key("2026-W47")  # Monday 16 to Sunday 22 November 2026


@pytest.mark.parametrize(
    ("registered_at", "expected"),
    [
        pytest.param(datetime(2026, 10, 1, tzinfo=UTC), True, id="long before"),
        pytest.param(datetime(2026, 11, 18, 3, tzinfo=UTC), True, id="during the week"),
        pytest.param(
            datetime(2026, 11, 22, 23, 59, tzinfo=WIB), True, id="Sunday 23:59 WIB, its last minute"
        ),
        pytest.param(
            datetime(2026, 11, 23, 0, 0, tzinfo=WIB), False, id="Monday 00:00 WIB, after it"
        ),
        pytest.param(datetime(2026, 11, 25, 3, tzinfo=UTC), False, id="mid-week after it"),
        pytest.param(None, True, id="no registration date: added outside the chat"),
    ],
)
def test_a_summary_goes_to_those_registered_by_the_end_of_its_period(
    registered_at: datetime | None, expected: bool
) -> None:
    assert receives_summary_of(registered_at, W47, WIB) is expected
