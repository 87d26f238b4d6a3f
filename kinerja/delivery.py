"""How the messages the bot sends on its own are delivered: at most once, or at least once.

Telegram has no idempotency key. A send that timed out may have arrived or not, and sending it
again may show it twice; not sending it may lose it. Each kind of message takes the side whose
harm is smaller, and every delivery moves through one state machine:

    pending → sending (claimed, with a lease) → sent | failed | unknown | cancelled
                                              ↘ pending again (retry)

`unknown` is never retried by itself: the operator sees it and may resend it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from kinerja.messages import (
    ComplaintAlert,
    ComplaintEdited,
    ComplaintPhoto,
    ComplaintReopened,
    ComplaintWithdrawn,
    FollowUp,
    LowScoreAlert,
    Reminder,
    ReportFeedback,
)
from kinerja.types import Role


class Delivery(enum.StrEnum):
    PENDING = "pending"
    """Due (again) at its next attempt time."""
    SENDING = "sending"
    """Claimed by one process, whose lease it renews while it works."""
    SENT = "sent"
    FAILED = "failed"
    """Telegram refused it (blocked bot, bad request) or every retry failed."""
    UNKNOWN = "unknown"
    """It may or may not have arrived; at-most-once kinds stop here."""
    CANCELLED = "cancelled"
    """Not sent: the recipient is no longer who it was meant for."""


FINISHED = frozenset({Delivery.SENT, Delivery.FAILED, Delivery.UNKNOWN, Delivery.CANCELLED})
GIVEN_UP = frozenset({Delivery.FAILED, Delivery.UNKNOWN, Delivery.CANCELLED})
"""What the operator sees in `kinerja outbox failed` and may resend."""


class Semantics(enum.StrEnum):
    AT_MOST_ONCE = "at_most_once"
    """A second copy does more harm than a lost one: never resent after an unknown outcome."""
    AT_LEAST_ONCE = "at_least_once"
    """A lost copy does more harm than a second one: resent until it is known to be sent."""


class SendResult(enum.StrEnum):
    """What one send attempt says about whether the message arrived."""

    SENT = "sent"
    REFUSED = "refused"
    """Telegram answered no (blocked, bad request): sending again cannot help."""
    NOT_SENT = "not_sent"
    """Certainly not delivered (an error answer, no connection): safe to send again."""
    UNCERTAIN = "uncertain"
    """It may have arrived (a timeout, a connection lost after the request went out)."""


class NotDelivered(Exception):
    """Raised by a sender when a send failed, saying what that means for the message."""

    def __init__(self, result: SendResult, reason: str) -> None:
        super().__init__(reason)
        self.result = result
        self.reason = reason


@dataclass(frozen=True, slots=True)
class MessageKind:
    semantics: Semantics
    recipient_roles: frozenset[Role] = frozenset()
    """The staff roles that make someone its recipient; empty for a citizen."""


_SUPERVISORS = frozenset({Role.SUPERVISOR})
_REPORTERS = frozenset({Role.ASN, Role.SUPERVISOR, Role.ADMIN})

MESSAGE_KINDS: Mapping[str, MessageKind] = {
    # Alerts ask a supervisor to act; the complaint or the scores stay in the tables, the
    # summary and /laporan. Two alerts for one complaint mean two people handling it.
    ComplaintAlert.KIND: MessageKind(Semantics.AT_MOST_ONCE, _SUPERVISORS),
    ComplaintEdited.KIND: MessageKind(Semantics.AT_MOST_ONCE, _SUPERVISORS),
    ComplaintWithdrawn.KIND: MessageKind(Semantics.AT_MOST_ONCE, _SUPERVISORS),
    ComplaintReopened.KIND: MessageKind(Semantics.AT_MOST_ONCE, _SUPERVISORS),
    ComplaintPhoto.KIND: MessageKind(Semantics.AT_MOST_ONCE, _SUPERVISORS),
    LowScoreAlert.KIND: MessageKind(Semantics.AT_MOST_ONCE, _SUPERVISORS),
    # A reminder lost costs little (the day's report can still be made); two are nagging.
    Reminder.KIND: MessageKind(Semantics.AT_MOST_ONCE, frozenset({Role.ASN})),
    # The answer to a citizen's complaint, and a supervisor's feedback on a report, reach
    # their reader only this way; the same words twice do no harm.
    FollowUp.KIND: MessageKind(Semantics.AT_LEAST_ONCE),
    ReportFeedback.KIND: MessageKind(Semantics.AT_LEAST_ONCE, _REPORTERS),
}

WEEKLY_SUMMARY = MessageKind(Semantics.AT_LEAST_ONCE, _SUPERVISORS)
"""A summary is sent whole again after a crash: a missing week is worse than a repeated one."""

_UNKNOWN_KIND = MessageKind(Semantics.AT_MOST_ONCE)


def kind_of(name: str) -> MessageKind:
    """An unrecognised kind is never resent blindly."""
    return MESSAGE_KINDS.get(name, _UNKNOWN_KIND)


def kinds_with(semantics: Semantics) -> frozenset[str]:
    return frozenset(name for name, kind in MESSAGE_KINDS.items() if kind.semantics is semantics)


def after_send(
    semantics: Semantics, result: SendResult, attempt: int, max_attempts: int | None
) -> Delivery:
    """The state after send attempt number `attempt` (1-based); PENDING means retry later."""
    if result is SendResult.SENT:
        return Delivery.SENT
    if result is SendResult.REFUSED:
        return Delivery.FAILED
    if result is SendResult.UNCERTAIN and semantics is Semantics.AT_MOST_ONCE:
        return Delivery.UNKNOWN
    if max_attempts is not None and attempt >= max_attempts:
        return Delivery.UNKNOWN if result is SendResult.UNCERTAIN else Delivery.FAILED
    return Delivery.PENDING


def after_lost_claim(semantics: Semantics) -> Delivery:
    """A claim whose process stopped renewing it (killed mid-send): it may have sent."""
    return Delivery.UNKNOWN if semantics is Semantics.AT_MOST_ONCE else Delivery.PENDING


@dataclass(frozen=True, slots=True)
class Recipient:
    """The staff member a message was queued for, as they are now."""

    role: Role
    active: bool
    telegram_user_id: int | None


class RecipientRefusal(enum.StrEnum):
    """Why a queued message is no longer sent; the value is recorded with the row."""

    NOT_RECORDED = "recipient not recorded"
    DEACTIVATED = "recipient deactivated"
    ROLE_CHANGED = "recipient no longer has the role"
    ACCOUNT_CHANGED = "recipient's Telegram account changed"


def recipient_refusal(
    kind: MessageKind, chat_id: int, recipient: Recipient | None
) -> RecipientRefusal | None:
    """None when the message may still go to this chat: staff messages only to a staff
    member who is still active, in a role that made them a recipient, on the same account."""
    if not kind.recipient_roles:
        return None
    if recipient is None:
        return RecipientRefusal.NOT_RECORDED
    if not recipient.active:
        return RecipientRefusal.DEACTIVATED
    if recipient.role not in kind.recipient_roles:
        return RecipientRefusal.ROLE_CHANGED
    if recipient.telegram_user_id != chat_id:
        return RecipientRefusal.ACCOUNT_CHANGED
    return None
