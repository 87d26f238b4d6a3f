"""Screens of /lapor, /riwayat and /laporan (with a report's detail and its evidence)."""

from __future__ import annotations

from typing import assert_never

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import Rendered
from bot.render import callback_data as cd
from bot.texts import Texts
from bot.texts.format import number_range
from bot.texts.markup import Html
from bot.usecases.cancelling import (
    FeedbackCancelled,
    FollowUpCancelled,
    InputCancelled,
    RegistrationCancelled,
)
from bot.usecases.history import History
from bot.usecases.reports import Ending, ReportClosed, ReportScreen, Step
from bot.usecases.team import TeamDay
from kinerja.messages import Reminder, ReportFeedback
from kinerja.staff import ValueProblem, mask_nip
from kinerja.summary import indicator_places, shown_value
from kinerja.survey import AnswerProblem, Note
from kinerja.types import Language, Person, Report

MAX_TEAM_BUTTONS = 30
"""Telegram allows 100 buttons; 30 rows stay readable. More reports: see the export."""


def _quantity(texts: Texts, report: Report) -> str:
    return texts.quantity(report.metric, report.value, report.denominator)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def invite_prompt(texts: Texts, invitation_id: int, person: Person, unit_name: str) -> Rendered:
    keyboard = InlineKeyboardMarkup(
        [
            [_button(texts.invite_yes(), cd.invite(invitation_id, True))],
            [_button(texts.invite_no(), cd.invite(invitation_id, False))],
        ]
    )
    return Rendered(
        texts.invite_prompt(person.full_name, mask_nip(person.nip), person.role, unit_name),
        keyboard,
    )


def report_screen(texts: Texts, screen: ReportScreen) -> Rendered:
    problem = Html("")
    if isinstance(screen.problem, ValueProblem) and screen.metric is not None:
        problem = Html(texts.value_problem(screen.problem, screen.metric) + "\n\n")
    elif isinstance(screen.problem, AnswerProblem):
        problem = Html(texts.answer_problem(screen.problem) + "\n\n")
    if screen.need_button:
        problem = Html(texts.survey_note(Note.NEED_BUTTON, None) + "\n\n")
    existing = _quantity(texts, screen.existing) if screen.existing else None
    if screen.step is Step.METRIC:
        saved = None
        if screen.saved is not None:
            saved = f"{texts.metric_name(screen.saved.metric)} {_quantity(texts, screen.saved)}"
        rows = [
            [
                _button(
                    texts.metric_name(choice.metric)
                    + (f" ✓ {_quantity(texts, choice.reported)}" if choice.reported else ""),
                    cd.report(cd.ReportAction.METRIC, choice.id),
                )
            ]
            for choice in screen.metrics
        ]
        if screen.other_day is not None:
            rows.append(
                [
                    _button(
                        texts.other_day_button(screen.other_day),
                        cd.report_day(screen.other_day),
                    )
                ]
            )
        rows.append([_button(texts.finish_button(), cd.report(cd.ReportAction.FINISH))])
        return Rendered(
            Html(problem + texts.report_menu(screen.day, saved)), InlineKeyboardMarkup(rows)
        )
    assert screen.metric is not None  # noqa: S101 - every later step has a metric
    finish = [_button(texts.cancel_button(), cd.report(cd.ReportAction.CANCEL))]
    if screen.step is Step.VALUE:
        return Rendered(
            Html(problem + texts.ask_value(screen.metric, screen.day, existing)),
            InlineKeyboardMarkup([finish]),
        )
    if screen.step is Step.NOTE:
        return Rendered(
            Html(problem + texts.ask_note()),
            InlineKeyboardMarkup(
                [
                    [_button(texts.skip_note_button(), cd.report(cd.ReportAction.SKIP, "note"))],
                    finish,
                ]
            ),
        )
    if screen.step is Step.EVIDENCE:
        return Rendered(
            Html(problem + texts.ask_evidence()),
            InlineKeyboardMarkup(
                [
                    [
                        _button(
                            texts.skip_evidence_button(),
                            cd.report(cd.ReportAction.SKIP, "evidence"),
                        )
                    ],
                    finish,
                ]
            ),
        )
    assert screen.value is not None  # noqa: S101 - confirmed only with a value
    quantity = texts.quantity(screen.metric, screen.value.value, screen.value.denominator)
    text = texts.confirm_report(
        screen.metric,
        screen.day,
        quantity,
        screen.note,
        screen.has_evidence,
        existing,
    )
    return Rendered(
        Html(problem + text),
        InlineKeyboardMarkup(
            [[_button(texts.save_button(), cd.report(cd.ReportAction.SAVE))], finish]
        ),
    )


def report_closed(texts: Texts, closed: ReportClosed) -> Rendered:
    """The end of a /lapor, without buttons: what was dropped and what of the day is saved."""
    saved = [(texts.metric_name(r.metric), _quantity(texts, r)) for r in closed.saved]
    if closed.ending is Ending.FINISH:
        return Rendered(texts.report_finished(closed.day, saved))
    dropped = None if closed.dropped is None else texts.metric_name(closed.dropped)
    kept = None if closed.kept is None else _quantity(texts, closed.kept)
    return Rendered(texts.report_cancelled(closed.day, dropped, kept, saved))


def input_cancelled(texts: Texts, cancelled: InputCancelled) -> Rendered:
    """/batal of a typed input: what it was for, and what stays."""
    match cancelled:
        case FollowUpCancelled():
            return Rendered(texts.follow_up_cancelled(cancelled.ticket, cancelled.status))
        case FeedbackCancelled():
            return Rendered(texts.feedback_cancelled(cancelled.name))
        case RegistrationCancelled():
            return Rendered(texts.registration_cancelled())
        case _:
            assert_never(cancelled)


def history(texts: Texts, found: History) -> Rendered:
    lines = [
        texts.history_line(r.day, r.metric, _quantity(texts, r), r.verified) for r in found.reports
    ]
    text = texts.history(found.first, found.last, lines)
    progress_lines = []
    for item in found.progress:
        goal = item.indicator.target
        places = indicator_places(item.indicator)
        target = number_range(goal.low, goal.high, texts.language, places)
        name = item.indicator.name if texts.language is Language.ID else item.indicator.name_en
        shown = None
        if item.exact is not None:
            shown = shown_value(item.indicator, item.exact)
        progress_lines.append(texts.progress_line(name, shown, target, item.result, places))
    if progress_lines:
        text = Html(text + "\n\n" + texts.progress(progress_lines))
    keyboard = InlineKeyboardMarkup(
        [
            [
                _button(texts.history_button(7), cd.history(7)),
                _button(texts.history_button(30), cd.history(30)),
            ]
        ]
    )
    return Rendered(text, keyboard)


def team_day(texts: Texts, day: TeamDay) -> Rendered:
    found = day.compliance
    text = texts.team_day(
        day.unit_name,
        day.day,
        day.working_day,
        has_asn=found.asn > 0,
        anyone_expected=found.expected > 0,
        reports=len(day.reports),
        missing=[(m.person.full_name, m.streak) for m in found.missing],
        on_leave=[p.full_name for p in found.on_leave],
    )
    rows = [
        [
            _button(
                texts.team_report_button(r.person_name, r.metric, _quantity(texts, r), r.verified),
                cd.team(cd.TeamAction.DETAIL, r.id),
            )
        ]
        for r in day.reports[:MAX_TEAM_BUTTONS]
    ]
    days = []
    if day.previous is not None:
        days.append(
            _button(texts.previous_day_button(day.previous), cd.team_day(day.unit_id, day.previous))
        )
    if day.next is not None:
        days.append(_button(texts.next_day_button(day.next), cd.team_day(day.unit_id, day.next)))
    if days:
        rows.append(days)
    return Rendered(text, InlineKeyboardMarkup(rows) if rows else None)


def report_detail(texts: Texts, report: Report) -> Rendered:
    text = texts.report_detail(
        report.person_name,
        report.metric,
        report.day,
        _quantity(texts, report),
        report.note,
        report.has_evidence,
        report.verified,
        report.feedback,
    )
    buttons = [_button(texts.feedback_button(), cd.team(cd.TeamAction.FEEDBACK, report.id))]
    if not report.verified:
        buttons.insert(0, _button(texts.verify_button(), cd.team(cd.TeamAction.VERIFY, report.id)))
    rows = [buttons]
    if report.has_evidence:  # a row of its own: look first, then verify
        evidence = _button(texts.evidence_button(), cd.team(cd.TeamAction.EVIDENCE, report.id))
        rows.insert(0, [evidence])
    return Rendered(text, InlineKeyboardMarkup(rows))


def evidence_caption(texts: Texts, report: Report) -> Html:
    return texts.evidence_caption(
        report.person_name, report.metric, report.day, _quantity(texts, report)
    )


def reminder(texts: Texts, message: Reminder) -> Rendered:
    keyboard = InlineKeyboardMarkup(
        [[_button(texts.reminder_button(), cd.report(cd.ReportAction.START))]]
    )
    return Rendered(texts.reminder(message.name), keyboard)


def feedback(texts: Texts, message: ReportFeedback) -> Rendered:
    name = message.metric_name if texts.language is Language.ID else message.metric_name_en
    return Rendered(texts.feedback_to_asn(message.sender, name, message.day, message.feedback))
