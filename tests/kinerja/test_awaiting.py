"""Which flow a typed text or a photo goes to when several wait at once."""

from __future__ import annotations

import pytest

from kinerja.awaiting import Awaited, InputFlow, photo_flow, text_flow

FOLLOW_UP, FEEDBACK, REPORT, SURVEY = (
    InputFlow.FOLLOW_UP,
    InputFlow.FEEDBACK,
    InputFlow.REPORT,
    InputFlow.SURVEY,
)


@pytest.mark.parametrize(
    ("awaited", "text", "photo"),
    [
        (Awaited(), None, None),
        (Awaited(survey=True), SURVEY, SURVEY),
        (Awaited(report=True), REPORT, REPORT),
        (Awaited(report=True, survey=True), REPORT, REPORT),
        (Awaited(FOLLOW_UP), FOLLOW_UP, None),
        (Awaited(FEEDBACK, survey=True), FEEDBACK, SURVEY),
        (Awaited(FOLLOW_UP, report=True, survey=True), FOLLOW_UP, REPORT),
        (Awaited(FEEDBACK, report=True), FEEDBACK, REPORT),
    ],
    ids=[
        "nothing waits: not understood",
        "a survey alone",
        "a /lapor alone",
        "a /lapor before a survey",
        "a note alone takes no photo",
        "a note's text, the survey's photo",
        "a note before everything, its photo to the /lapor",
        "feedback before a /lapor",
    ],
)
def test_precedence(awaited: Awaited, text: InputFlow | None, photo: InputFlow | None) -> None:
    assert text_flow(awaited) is text
    assert photo_flow(awaited) is photo
