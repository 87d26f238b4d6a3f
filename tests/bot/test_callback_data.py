"""Callback data: round trips, and nothing a forger sends crashes a parser."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot import callback_data as cd
from kinerja.survey import Step


def test_round_trips() -> None:
    assert cd.parse_survey(cd.survey(12, Step.U3, "4")) == cd.SurveyTap(12, Step.U3, "4")
    assert cd.parse_consent(cd.consent(True, 7, "t_AbC-_9")) == cd.ConsentChoice(
        True, 7, "t_AbC-_9"
    )
    assert cd.parse_consent(cd.consent(False, 7, None)) == cd.ConsentChoice(False, 7, None)
    assert cd.parse_poster(cd.poster(5)) == 5
    assert cd.parse_rating(cd.rating(9, 4)) == (9, 4)
    assert cd.parse_complaint(cd.complaint(cd.ComplaintAction.CLOSE, 3)) == cd.ComplaintTap(
        cd.ComplaintAction.CLOSE, 3
    )
    assert cd.parse_delete(cd.delete(True)) is True


def test_every_button_fits_telegrams_64_bytes() -> None:
    longest_token = "t_" + "A" * 32
    samples = [
        cd.consent(True, 2**31, longest_token),
        cd.survey(2**31, Step.OCCUPATION, "TNI/POLRI"),
        cd.complaint(cd.ComplaintAction.TAKE, 2**31),
        cd.rating(2**31, 4),
    ]
    assert all(len(s.encode()) <= 64 for s in samples)


@given(st.text(max_size=70))
def test_parsers_accept_only_what_buttons_send(data: str) -> None:
    for parser in (
        cd.parse_survey,
        cd.parse_consent,
        cd.parse_poster,
        cd.parse_rating,
        cd.parse_complaint,
        cd.parse_delete,
        cd.parse_language,
    ):
        parser(data)  # never raises


def test_forgeries_are_refused() -> None:
    assert cd.parse_survey("s:1:U10:4") is None
    assert cd.parse_survey("s:-1:U1:4") is None
    assert cd.parse_survey("s:1:U1:") is None
    assert cd.parse_consent("c:y:1:bad token") is None
    assert cd.parse_consent("c:maybe:1:-") is None
    assert cd.parse_rating("r:1") is None
