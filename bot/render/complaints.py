"""Messages about complaints, for supervisors and citizens. Citizen text goes to the catalogue as
typed; the catalogue escapes it, so a complaint containing HTML shows as typed."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import Rendered, plain_text
from bot.render import callback_data as cd
from bot.texts import Texts
from kinerja.complaints import (
    LAPOR_URL,
    Complaint,
    ComplaintRefusal,
    RatingOutcome,
    TicketStatus,
    supervisor_moves,
)
from kinerja.messages import (
    ComplaintAlert,
    ComplaintEdited,
    ComplaintReopened,
    ComplaintWithdrawn,
    FollowUp,
    LowScoreAlert,
)
from kinerja.skm import MAX_SCORE, MIN_SCORE

_ACTIONS = {
    TicketStatus.IN_PROGRESS: cd.ComplaintAction.TAKE,
    TicketStatus.CLOSED: cd.ComplaintAction.CLOSE,
}


def complaint_keyboard(
    texts: Texts, complaint_id: int, status: TicketStatus
) -> InlineKeyboardMarkup | None:
    """The buttons of an alert: only the moves left from `status` (after "Tangani" the alert
    offers "Tutup" alone; a closed or withdrawn complaint offers none)."""
    labels = {
        cd.ComplaintAction.TAKE: texts.take_button(),
        cd.ComplaintAction.CLOSE: texts.close_button(),
    }
    rows = [
        [
            InlineKeyboardButton(
                labels[_ACTIONS[move]], callback_data=cd.complaint(_ACTIONS[move], complaint_id)
            )
        ]
        for move in supervisor_moves(status)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def complaint_alert(texts: Texts, alert: ComplaintAlert) -> Rendered:
    text = texts.complaint_alert(alert.unit_name, alert.ticket, alert.text, alert.serious)
    return Rendered(text, complaint_keyboard(texts, alert.complaint_id, TicketStatus.OPEN))


def complaint_edited(texts: Texts, alert: ComplaintEdited) -> Rendered:
    text = texts.complaint_edited_alert(
        alert.unit_name, alert.ticket, alert.text, alert.serious, alert.resubmitted
    )
    return Rendered(text, complaint_keyboard(texts, alert.complaint_id, alert.status))


def complaint_withdrawn(texts: Texts, alert: ComplaintWithdrawn) -> Rendered:
    return Rendered(texts.complaint_withdrawn_alert(alert.unit_name, alert.ticket))


def complaint_reopened(texts: Texts, alert: ComplaintReopened) -> Rendered:
    text = texts.complaint_reopened_alert(
        alert.unit_name, alert.ticket, alert.text, alert.follow_up, alert.rating
    )
    return Rendered(text, complaint_keyboard(texts, alert.complaint_id, TicketStatus.REOPENED))


def declined(texts: Texts, refusal: ComplaintRefusal, complaint: Complaint | None) -> str:
    """A supervisor's tap that changed nothing, as a pop-up: "already taken" names who took it
    when the tapper may know (`complaint` is given only to a supervisor of the unit)."""
    taker = complaint.taken_by_name if complaint else None
    if refusal is ComplaintRefusal.ALREADY_TAKEN and complaint and taker:
        return texts.complaint_taken_by(complaint.ticket, taker)
    return plain_text(texts.complaint_refusal(refusal))


def low_score_alert(texts: Texts, alert: LowScoreAlert) -> Rendered:
    names = [texts.element_name(code) for code in alert.elements]
    return Rendered(texts.low_score_alert(alert.unit_name, names))


def follow_up(texts: Texts, answer: FollowUp) -> Rendered:
    complaint_id = answer.complaint_id
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.rating_label(score),
                    callback_data=cd.rating(complaint_id, score, answer.reopen_count),
                )
            ]
            for score in range(MAX_SCORE, MIN_SCORE - 1, -1)
        ]
    )
    return Rendered(texts.follow_up_to_citizen(answer.ticket, answer.follow_up), keyboard)


def rated(texts: Texts, complaint: Complaint, outcome: RatingOutcome) -> Rendered:
    """What the citizen's rating did: thanks, a reopened ticket, or (reopened as often as it
    may be) the national channel."""
    if outcome is RatingOutcome.REOPENED:
        return Rendered(texts.complaint_reopened_to_citizen(complaint.ticket))
    if outcome is RatingOutcome.REOPEN_LIMIT:
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.lapor_button(), url=LAPOR_URL)]]
        )
        text = texts.reopen_limit_to_citizen(complaint.ticket, complaint.reopen_count)
        return Rendered(text, keyboard)
    return Rendered(texts.rating_thanks())


def ticket_status(texts: Texts, complaint: Complaint) -> Rendered:
    return Rendered(
        texts.ticket_status(
            complaint.ticket, complaint.status, complaint.created_at, complaint.follow_up
        )
    )
