"""The delivery state machine: what each outcome of a send leads to, per kind of message."""

from __future__ import annotations

import pytest

from kinerja.delivery import (
    MESSAGE_KINDS,
    WEEKLY_SUMMARY,
    Delivery,
    MessageKind,
    Recipient,
    RecipientRefusal,
    Semantics,
    SendResult,
    after_lost_claim,
    after_send,
    kind_of,
    kinds_with,
    recipient_refusal,
)
from kinerja.types import Role

ONCE = Semantics.AT_MOST_ONCE
AGAIN = Semantics.AT_LEAST_ONCE


@pytest.mark.parametrize(
    ("semantics", "result", "attempt", "expected"),
    [
        pytest.param(ONCE, SendResult.SENT, 1, Delivery.SENT, id="sent is sent"),
        pytest.param(ONCE, SendResult.REFUSED, 1, Delivery.FAILED, id="refused is never retried"),
        pytest.param(AGAIN, SendResult.REFUSED, 1, Delivery.FAILED, id="refused, at least once"),
        pytest.param(ONCE, SendResult.NOT_SENT, 1, Delivery.PENDING, id="not sent: retry"),
        pytest.param(ONCE, SendResult.UNCERTAIN, 1, Delivery.UNKNOWN, id="timeout: at most once"),
        pytest.param(AGAIN, SendResult.UNCERTAIN, 1, Delivery.PENDING, id="timeout: resent"),
        pytest.param(ONCE, SendResult.NOT_SENT, 8, Delivery.FAILED, id="last attempt fails"),
        pytest.param(AGAIN, SendResult.UNCERTAIN, 8, Delivery.UNKNOWN, id="last uncertain"),
    ],
)
def test_after_a_send(
    semantics: Semantics, result: SendResult, attempt: int, expected: Delivery
) -> None:
    assert after_send(semantics, result, attempt, 8) is expected


def test_a_summary_is_retried_whole_without_a_limit() -> None:
    assert WEEKLY_SUMMARY.semantics is AGAIN
    assert after_send(AGAIN, SendResult.UNCERTAIN, 1_000, None) is Delivery.PENDING


def test_a_claim_lost_with_its_process() -> None:
    assert after_lost_claim(ONCE) is Delivery.UNKNOWN
    assert after_lost_claim(AGAIN) is Delivery.PENDING


def test_which_kinds_are_at_most_once() -> None:
    """Alerts and reminders ask for action: a second copy is the harm. Answers to citizens
    and feedback on reports reach their reader only this way: a lost copy is the harm."""
    assert kinds_with(ONCE) == {
        "complaint",
        "complaint_edited",
        "complaint_withdrawn",
        "complaint_reopened",
        "complaint_photo",
        "low_score",
        "reminder",
    }
    assert kinds_with(AGAIN) == {"complaint_follow_up", "report_feedback"}
    assert kind_of("something_new").semantics is ONCE  # never resent blindly


ALERT = MESSAGE_KINDS["complaint"]
CHAT = 3001


@pytest.mark.parametrize(
    ("kind", "recipient", "expected"),
    [
        pytest.param(ALERT, Recipient(Role.SUPERVISOR, True, CHAT), None, id="still supervisor"),
        pytest.param(
            ALERT,
            Recipient(Role.SUPERVISOR, False, CHAT),
            RecipientRefusal.DEACTIVATED,
            id="deactivated",
        ),
        pytest.param(
            ALERT, Recipient(Role.ASN, True, CHAT), RecipientRefusal.ROLE_CHANGED, id="now ASN"
        ),
        pytest.param(
            ALERT,
            Recipient(Role.SUPERVISOR, True, 4004),
            RecipientRefusal.ACCOUNT_CHANGED,
            id="another account",
        ),
        pytest.param(
            ALERT,
            Recipient(Role.SUPERVISOR, True, None),
            RecipientRefusal.ACCOUNT_CHANGED,
            id="account released",
        ),
        pytest.param(ALERT, None, RecipientRefusal.NOT_RECORDED, id="no recipient recorded"),
        pytest.param(MESSAGE_KINDS["complaint_follow_up"], None, None, id="a citizen"),
        pytest.param(
            MESSAGE_KINDS["report_feedback"],
            Recipient(Role.SUPERVISOR, True, CHAT),
            None,
            id="feedback to a supervisor who reports",
        ),
    ],
)
def test_the_recipient_is_checked_again(
    kind: MessageKind, recipient: Recipient | None, expected: RecipientRefusal | None
) -> None:
    assert recipient_refusal(kind, CHAT, recipient) is expected
