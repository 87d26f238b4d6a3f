"""Messages about complaints, for supervisors and citizens. Citizen text goes to the catalogue as
typed; the catalogue escapes it, so a complaint containing HTML shows as typed."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import Rendered
from bot.render import callback_data as cd
from bot.texts import Texts
from kinerja.complaints import Complaint
from kinerja.messages import ComplaintAlert, FollowUp, LowScoreAlert
from kinerja.skm import MAX_SCORE, MIN_SCORE


def complaint_alert(texts: Texts, alert: ComplaintAlert) -> Rendered:
    complaint_id = alert.complaint_id
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.take_button(),
                    callback_data=cd.complaint(cd.ComplaintAction.TAKE, complaint_id),
                )
            ],
            [
                InlineKeyboardButton(
                    texts.close_button(),
                    callback_data=cd.complaint(cd.ComplaintAction.CLOSE, complaint_id),
                )
            ],
        ]
    )
    text = texts.complaint_alert(alert.unit_name, alert.ticket, alert.text, alert.serious)
    return Rendered(text, keyboard)


def low_score_alert(texts: Texts, alert: LowScoreAlert) -> Rendered:
    names = [texts.element_name(code) for code in alert.elements]
    return Rendered(texts.low_score_alert(alert.unit_name, names))


def follow_up(texts: Texts, answer: FollowUp) -> Rendered:
    complaint_id = answer.complaint_id
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.rating_label(score), callback_data=cd.rating(complaint_id, score)
                )
            ]
            for score in range(MAX_SCORE, MIN_SCORE - 1, -1)
        ]
    )
    return Rendered(texts.follow_up_to_citizen(answer.ticket, answer.follow_up), keyboard)


def ticket_status(texts: Texts, complaint: Complaint) -> Rendered:
    return Rendered(
        texts.ticket_status(
            complaint.ticket, complaint.status, complaint.created_at, complaint.follow_up
        )
    )
