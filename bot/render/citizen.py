from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import Rendered
from bot.render import callback_data as cd
from bot.texts import Texts
from bot.texts.markup import Html
from bot.usecases.survey import AskConsent, Finished, Question, Refused
from kinerja.complaints import LAPOR_URL
from kinerja.skm import ELEMENT_CODES, MAX_SCORE, MIN_SCORE
from kinerja.survey import (
    PROFILE_CHOICES,
    SKIP,
    VISIT_REFUSALS,
    WAITING_RANGES,
    Note,
    Step,
    can_skip,
)
from kinerja.survey_flow import BACK, KEEP, complaint_revisable, question_number, questions

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


def _choices(question: Question, texts: Texts) -> list[tuple[str, str]]:
    """(label, value) of the answer buttons of a step."""
    step = question.step
    if step.is_element:
        return [
            (texts.element_label(step.value, s), str(s)) for s in range(MIN_SCORE, MAX_SCORE + 1)
        ]
    if step is Step.OVERALL:
        return [(texts.overall_label(s), str(s)) for s in range(MIN_SCORE, MAX_SCORE + 1)]
    if step is Step.WAITING:
        return [(texts.waiting_range(code), code) for code, _ in WAITING_RANGES]
    if step is Step.COMPLAINT:
        return _complaint_choices(question, texts)
    if step is Step.PHOTO:
        return [(texts.no_photo_button(), SKIP)]
    if step is Step.IMPORTANCE:
        return [(texts.element_name(code), code) for code in ELEMENT_CODES]
    return [(texts.profile_label(step, code), code) for code in PROFILE_CHOICES[step]]


def _complaint_choices(question: Question, texts: Texts) -> list[tuple[str, str]]:
    """Back at a complaint already written: keep it, or (unless it was answered meanwhile)
    withdraw it with "Tidak ada"; typing a new text edits it."""
    response = question.response
    if response.complaint_ticket is None:
        return [(texts.no_complaint_button(), SKIP)]
    keep = (_CHOSEN + texts.keep_complaint_button(), KEEP)
    if not complaint_revisable(question.response):
        return [keep]
    return [keep, (texts.withdraw_complaint_button(), SKIP)]


def _prompt(texts: Texts, asked: Question) -> str:
    step = asked.step
    ticket = asked.response.complaint_ticket
    if step is Step.COMPLAINT and ticket is not None:
        return texts.complaint_written_question(ticket, complaint_revisable(asked.response))
    if step.is_element:
        return texts.element_question(step.value)
    prompts = {
        Step.OVERALL: texts.overall_question,
        Step.WAITING: texts.waiting_question,
        Step.COMPLAINT: texts.complaint_question,
        Step.PHOTO: texts.photo_question,
        Step.IMPORTANCE: texts.importance_question,
    }
    return prompts[step]() if step in prompts else texts.profile_question(step)


def question(texts: Texts, asked: Question) -> Rendered:
    response, step = asked.response, asked.step
    position, total = question_number(response.options, step)
    lines = [texts.survey_header(response.unit_name, position, total), ""]
    if asked.note is not None:
        lines += [texts.survey_note(asked.note, response.complaint_ticket), ""]
    if asked.problem is not None:
        lines += [texts.answer_problem(asked.problem), ""]
    lines.append(_prompt(texts, asked))

    chosen = response.current_answer(step)
    rows = [
        [
            InlineKeyboardButton(
                (_CHOSEN if value == chosen else "") + label,
                callback_data=cd.survey(response.id, step, value),
            )
        ]
        for label, value in _choices(asked, texts)
    ]
    navigation = []
    if response.progress.previous(step) is not None:
        navigation.append(
            InlineKeyboardButton(
                texts.back_button(), callback_data=cd.survey(response.id, step, BACK)
            )
        )
    if can_skip(step, response.options) and step not in (Step.COMPLAINT, Step.PHOTO):
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
    if unit is not None and refusal.reason in VISIT_REFUSALS:
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.poster_button(), callback_data=cd.poster(unit.id))]]
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
