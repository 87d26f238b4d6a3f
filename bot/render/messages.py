"""The outbox's messages as Telegram shows them: one renderer per message type, chosen by its
type, so mypy proves that every message the outbox can hold has one."""

from __future__ import annotations

from typing import assert_never

from bot.render import Rendered, staff
from bot.render.complaints import (
    complaint_alert,
    complaint_edited,
    complaint_reopened,
    complaint_withdrawn,
    follow_up,
    low_score_alert,
)
from bot.texts import Texts
from kinerja.messages import (
    ComplaintAlert,
    ComplaintEdited,
    ComplaintReopened,
    ComplaintWithdrawn,
    FollowUp,
    LowScoreAlert,
    Reminder,
    ReportFeedback,
)

TextMessage = (
    ComplaintAlert
    | ComplaintEdited
    | ComplaintWithdrawn
    | ComplaintReopened
    | LowScoreAlert
    | FollowUp
    | ReportFeedback
    | Reminder
)
"""Every message but a forwarded photo, which is sent as the photo itself."""


def render_message(texts: Texts, message: TextMessage) -> Rendered:
    match message:
        case ComplaintAlert():
            return complaint_alert(texts, message)
        case ComplaintEdited():
            return complaint_edited(texts, message)
        case ComplaintWithdrawn():
            return complaint_withdrawn(texts, message)
        case ComplaintReopened():
            return complaint_reopened(texts, message)
        case LowScoreAlert():
            return low_score_alert(texts, message)
        case FollowUp():
            return follow_up(texts, message)
        case ReportFeedback():
            return staff.feedback(texts, message)
        case Reminder():
            return staff.reminder(texts, message)
        case _:
            assert_never(message)
