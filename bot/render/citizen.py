from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import Rendered
from bot.render import callback_data as cd
from bot.render.questions import question_view
from bot.texts import Texts
from bot.texts.markup import Html
from bot.usecases.survey import AskConsent, Finished, Question, Refused
from kinerja.complaints import LAPOR_URL
from kinerja.survey import SKIP, Note
from kinerja.survey_flow import BACK, questions

_CHOSEN = "✓ "


def consent(texts: Texts, ask: AskConsent, retention_days: int) -> Rendered:
    unit = ask.unit
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.consent_agree(),
                    callback_data=cd.consent(True, unit.id, ask.token_payload),
                )
            ],
            [
                InlineKeyboardButton(
                    texts.consent_decline(), callback_data=cd.consent(False, unit.id, None)
                )
            ],
        ]
    )
    text = texts.consent_notice(
        unit.unit.name,
        retention_days,
        ask.token_payload is not None,
        len(questions(unit.unit.survey)),
    )
    return Rendered(text, keyboard)


def question(texts: Texts, asked: Question) -> Rendered:
    view = question_view(texts, asked)
    lines = [view.header, ""]
    if view.note is not None:
        lines += [view.note, ""]
    if view.problem is not None:
        lines += [view.problem, ""]
    lines.append(view.prompt)
    response, step = asked.response, asked.step
    rows = [
        [
            InlineKeyboardButton(
                (_CHOSEN if choice.chosen else "") + choice.label,
                callback_data=cd.survey(response.id, step, choice.value),
            )
        ]
        for choice in view.choices
    ]
    navigation = []
    if view.back:
        navigation.append(
            InlineKeyboardButton(
                texts.back_button(), callback_data=cd.survey(response.id, step, BACK)
            )
        )
    if view.skip:
        navigation.append(
            InlineKeyboardButton(
                texts.skip_button(), callback_data=cd.survey(response.id, step, SKIP)
            )
        )
    if navigation:
        rows.append(navigation)
    return Rendered(Html("\n".join(lines)), InlineKeyboardMarkup(rows))


def finished(texts: Texts, done: Finished) -> Rendered:
    text = texts.survey_thanks(done.ticket)
    if done.note is not None:
        text = Html(texts.survey_note(done.note, done.ticket) + "\n\n" + text)
    if done.serious and done.ticket:
        text = Html(text + "\n\n" + texts.lapor_offer(done.ticket, done.response.unit_name))
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.lapor_button(), url=LAPOR_URL)]]
        )
        return Rendered(text, keyboard)
    return Rendered(text)


def refused(texts: Texts, refusal: Refused) -> Rendered:
    unit = refusal.unit
    text = texts.survey_refusal(refusal.reason, unit.unit.name if unit else None)
    poster = refusal.poster_unit
    if poster is not None:
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.poster_button(), callback_data=cd.poster(poster.id))]]
        )
        return Rendered(text, keyboard)
    return Rendered(text)


def needs_new_message(asked: Question) -> bool:
    """Typed input pushed the survey message up: show the question again at the bottom."""
    return asked.note in (
        Note.NEED_BUTTON,
        Note.COMPLAINT_RECORDED,
        Note.COMPLAINT_EDITED,
        Note.COMPLAINT_ANSWERED,
        Note.PHOTO_RECORDED,
        Note.PHOTO_TOO_LARGE,
        Note.RESUMED,
    )
