"""A survey question as the citizen sees it, in any channel: the header, the note and problem
above it, the prompt, the answers and the navigation. The chat draws it as a message with
buttons (`bot.render.citizen`), the web survey as a form (`bot.web.survey`): one source for
what is asked and offered, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from bot.texts import Texts
from bot.texts.markup import Html
from bot.usecases.survey import Question
from kinerja.skm import ELEMENT_CODES, MAX_SCORE, MIN_SCORE
from kinerja.survey import PROFILE_CHOICES, SKIP, WAITING_RANGES, Note, Step, can_skip
from kinerja.survey_flow import KEEP, complaint_revisable, question_number
from kinerja.types import Channel


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    value: str
    chosen: bool
    """Chosen before (shown again after "Kembali"), or the complaint being kept."""


@dataclass(frozen=True, slots=True)
class QuestionView:
    header: Html
    note: Html | None
    problem: Html | None
    prompt: Html
    choices: tuple[Choice, ...]
    back: bool
    """ "Kembali" is offered: there is a step before this one."""
    skip: bool
    """ "Lewati" is offered: this question may be left out (the complaint and its photo
    offer their own way past: "Tidak ada", "Tanpa foto")."""
    typed: bool
    """The answer may be typed: minutes of waiting, or the complaint's words."""


def _choices(question: Question, texts: Texts) -> list[tuple[str, str]]:
    """(label, value) of the answers of a step."""
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
    keep = (texts.keep_complaint_button(), KEEP)
    if not complaint_revisable(question.response):
        return [keep]
    return [keep, (texts.withdraw_complaint_button(), SKIP)]


def _web_prompt(texts: Texts, asked: Question) -> Html | None:
    """Where the chat's words speak of the chat ("jawaban di chat ini", /status, "kirim
    fotonya"), the web page says it its own way; None where both say the same."""
    step, ticket = asked.step, asked.response.complaint_ticket
    if step is Step.COMPLAINT and ticket is None:
        return texts.web_complaint_question()
    if step is Step.COMPLAINT and not complaint_revisable(asked.response):
        return texts.web_complaint_answered(ticket or "")
    if step is Step.PHOTO:
        return texts.web_photo_question()
    return None


def _note(texts: Texts, asked: Question, channel: Channel) -> Html | None:
    note, ticket = asked.note, asked.response.complaint_ticket
    if note is None:
        return None
    if channel is Channel.WEB and note is Note.COMPLAINT_ANSWERED:  # the chat's names /status
        return texts.web_complaint_answered(ticket or "")
    return texts.survey_note(note, ticket)


def _prompt(texts: Texts, asked: Question, channel: Channel) -> Html:
    step = asked.step
    ticket = asked.response.complaint_ticket
    web = _web_prompt(texts, asked) if channel is Channel.WEB else None
    if web is not None:
        return web
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


def question_view(
    texts: Texts, asked: Question, channel: Channel = Channel.TELEGRAM
) -> QuestionView:
    response, step = asked.response, asked.step
    position, total = question_number(response.options, step)
    chosen = response.current_answer(step)
    return QuestionView(
        header=texts.survey_header(response.unit_name, position, total),
        note=_note(texts, asked, channel),
        problem=None if asked.problem is None else texts.answer_problem(asked.problem),
        prompt=_prompt(texts, asked, channel),
        choices=tuple(
            Choice(label, value, value in (chosen, KEEP)) for label, value in _choices(asked, texts)
        ),
        back=response.progress.previous(step) is not None,
        skip=can_skip(step, response.options) and step not in (Step.COMPLAINT, Step.PHOTO),
        typed=step is Step.WAITING
        or (step is Step.COMPLAINT and complaint_revisable(asked.response)),
    )
