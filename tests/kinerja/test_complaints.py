"""Complaint rules as tables: the buttons an alert offers, what a complaint typed in the survey
does, and what the citizen's rating of an answer does."""

from __future__ import annotations

import pytest

from kinerja.complaints import (
    MAX_REOPENS,
    ComplaintRefusal,
    RatingOutcome,
    Revision,
    TicketStatus,
    after_rating,
    can_revise,
    revision,
    supervisor_moves,
    supervisor_refusal,
)

S = TicketStatus


@pytest.mark.parametrize(
    ("status", "moves"),
    [
        pytest.param(S.OPEN, (S.IN_PROGRESS, S.CLOSED), id="new: Tangani and Tutup"),
        pytest.param(S.IN_PROGRESS, (S.CLOSED,), id="taken: Tutup only, never Tangani again"),
        pytest.param(S.REOPENED, (S.IN_PROGRESS, S.CLOSED), id="reopened: both again"),
        pytest.param(S.CLOSED, (), id="closed: nothing"),
        pytest.param(S.WITHDRAWN, (), id="withdrawn: nothing"),
    ],
)
def test_an_alert_offers_the_moves_left(status: TicketStatus, moves: tuple[TicketStatus]) -> None:
    assert supervisor_moves(status) == moves


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        (S.IN_PROGRESS, ComplaintRefusal.ALREADY_TAKEN),
        (S.CLOSED, ComplaintRefusal.ALREADY_CLOSED),
        (S.WITHDRAWN, ComplaintRefusal.WITHDRAWN),
    ],
)
def test_why_a_supervisor_move_is_refused(status: TicketStatus, refusal: ComplaintRefusal) -> None:
    assert supervisor_refusal(status) is refusal


@pytest.mark.parametrize(
    ("existing", "decided", "revisable"),
    [
        pytest.param(None, Revision.FILE, None, id="none yet: a new ticket"),
        pytest.param(S.OPEN, Revision.EDIT, True, id="open: edited, same ticket"),
        pytest.param(S.IN_PROGRESS, Revision.EDIT, True, id="taken on: still edited"),
        pytest.param(S.WITHDRAWN, Revision.RESUBMIT, False, id="withdrawn: filed again"),
        pytest.param(S.CLOSED, Revision.ANSWERED, False, id="answered: stays as answered"),
        pytest.param(S.REOPENED, Revision.ANSWERED, False, id="reopened: stays as answered"),
    ],
)
def test_a_complaint_typed_in_the_survey(
    existing: TicketStatus | None, decided: Revision, revisable: bool | None
) -> None:
    assert revision(existing) is decided
    if existing is not None:
        assert can_revise(existing) is revisable


@pytest.mark.parametrize(
    ("rating", "reopen_count", "outcome"),
    [
        pytest.param(1, 0, RatingOutcome.REOPENED, id="Tidak puas: reopened"),
        pytest.param(1, MAX_REOPENS - 1, RatingOutcome.REOPENED, id="again, below the limit"),
        pytest.param(1, MAX_REOPENS, RatingOutcome.REOPEN_LIMIT, id="at the limit: stays closed"),
        pytest.param(2, 0, RatingOutcome.KEPT_CLOSED, id="Kurang puas: recorded, closed"),
        pytest.param(3, 0, RatingOutcome.KEPT_CLOSED, id="Puas: closed"),
        pytest.param(4, 1, RatingOutcome.KEPT_CLOSED, id="Sangat puas after a reopening"),
    ],
)
def test_what_a_rating_of_the_answer_does(
    rating: int, reopen_count: int, outcome: RatingOutcome
) -> None:
    assert after_rating(rating, reopen_count) is outcome
