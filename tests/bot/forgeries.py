"""Callback data anyone could send: random strings, and the real prefixes with fields that are
random, out of range or nearly right (an id one past INTEGER, the 13th month, week 53)."""

from __future__ import annotations

import enum

from hypothesis import strategies as st

from bot.render import callback_data as cd
from kinerja.survey import Step

_ID = st.one_of(
    st.sampled_from([0, 1, 2, 3, 2**31 - 1, 2**31, 2**32, 10**12 - 1]),
    st.integers(min_value=-(2**40), max_value=2**40),
).map(str)
_DAY = st.one_of(
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.from_regex(r"\A[0-9]{8}\Z"),
    st.sampled_from(["20261399", "00000000", "99991231", "20260229"]),
)
_YEAR = st.one_of(st.integers(0, 9999), st.sampled_from([1999, 2000, 2026, 2100, 2101, 9999]))
_PERIOD = st.one_of(
    st.builds("{:04d}-W{:02d}".format, _YEAR, st.integers(0, 99)),
    st.builds("{:04d}-{:02d}".format, _YEAR, st.integers(0, 99)),
    st.builds("{:04d}-Q{}".format, _YEAR, st.integers(0, 9)),
    st.builds("{:04d}-S{}".format, _YEAR, st.integers(0, 9)),
    st.builds("{:04d}".format, _YEAR),
)
_ODD_DIGITS = st.text(alphabet="0123456789²³¹١１", min_size=1, max_size=14)
"""Characters `str.isdigit` accepts, some of which `int` refuses."""
_ANY = st.one_of(st.text(max_size=14), _ODD_DIGITS, _ID, _DAY, _PERIOD)


def _word(*words: str) -> st.SearchStrategy[str]:
    return st.sampled_from(words)


def _values(kind: type[enum.StrEnum]) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in kind])


_SHAPES: dict[cd.Prefix, list[st.SearchStrategy[str]]] = {
    cd.Prefix.LANGUAGE: [_word("id", "en", "jv")],
    cd.Prefix.CONSENT: [_word("y", "n"), _ID, st.one_of(_word("-"), st.from_regex(r"t_\w{8}"))],
    cd.Prefix.POSTER: [_ID],
    cd.Prefix.SURVEY: [_ID, _values(Step), st.one_of(_ID, _word("L", "P", "SMA", "TNI/POLRI"))],
    cd.Prefix.COMPLAINT: [_values(cd.ComplaintAction), _ID],
    cd.Prefix.RATING: [_ID, st.integers(-1, 10).map(str)],
    cd.Prefix.DELETE: [_word("y", "n")],
    cd.Prefix.INVITE: [_ID, _word("y", "n")],
    cd.Prefix.REPORT: [_values(cd.ReportAction), st.one_of(_ID, _DAY, _word("", "note", "x"))],
    cd.Prefix.HISTORY: [st.one_of(_word("7", "30"), _ID)],
    cd.Prefix.TEAM: [_values(cd.TeamAction), _ID],
    cd.Prefix.TEAM_DAY: [_ID, _DAY],
    cd.Prefix.DRILL: [_ID, _PERIOD],
    cd.Prefix.WORKBOOK: [_ID, _PERIOD],
    cd.Prefix.BROWSE: [_ID, _PERIOD],
}
"""Each prefix's fields, each drawn as the kind of value its buttons carry, or anything."""


def _shaped(prefix: cd.Prefix) -> st.SearchStrategy[str]:
    fields = st.tuples(*(st.one_of(field, _ANY) for field in _SHAPES[prefix]))
    return fields.map(lambda parts: cd.SEPARATOR.join([prefix.value, *parts]))


def _misshapen(prefix: cd.Prefix) -> st.SearchStrategy[str]:
    fields = st.lists(_ANY, max_size=4)
    return fields.map(lambda parts: cd.SEPARATOR.join([prefix.value, *parts]))


FORGED = st.one_of(
    st.sampled_from(cd.Prefix).flatmap(_shaped),
    st.sampled_from(cd.Prefix).flatmap(_misshapen),
    st.text(max_size=70),
)
