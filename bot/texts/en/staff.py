"""English: what `bot.texts.staff` declares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from bot.texts.en.common import ROLE_NAMES
from bot.texts.format import long_date, number, percent, short_date
from bot.texts.markup import Html, escaping
from kinerja.capaian import Capaian
from kinerja.reporting import DayProblem
from kinerja.staff import (
    LEAVE_DAYS_BACK,
    LEAVE_MAX_SPAN,
    InviteRefusal,
    LeaveProblem,
    ReportRefusal,
    ValueProblem,
)
from kinerja.types import Language, Metric, MetricType, Role

_INVITE_REFUSALS = {
    InviteRefusal.UNKNOWN: "This invitation link is not known. Ask the admin for a new one.",
    InviteRefusal.USED: "This invitation link was already used. Ask the admin for a new one if needed.",
    InviteRefusal.EXPIRED: "This invitation link has expired. Ask the admin for a new one.",
    InviteRefusal.RATE_LIMITED: "Too many attempts. Please try again in an hour.",
    InviteRefusal.ACCOUNT_TAKEN: "This Telegram account is already registered for someone else. One account is for one person.",
    InviteRefusal.DECLINED: "All right, registration cancelled. Contact the admin if the invitation is wrong.",
}
_REPORT_REFUSALS = {
    ReportRefusal.NOT_STAFF: "Sorry, this is only for civil servants registered by invitation.",
    ReportRefusal.NO_METRICS: "Your unit has no activities to report yet. Contact the admin.",
    ReportRefusal.STALE: "This button is no longer valid. Type /lapor to start again.",
    ReportRefusal.DAY_CLOSED: "That date can no longer be reported. Type /lapor for today's report.",
    ReportRefusal.NOT_IN_SCOPE: "That unit does not exist or is not one you oversee.",
    ReportRefusal.REPORT_NOT_FOUND: "That report was not found, or is not from staff you oversee.",
}
_LEAVE_PROBLEMS = {
    LeaveProblem.ENDS_BEFORE_START: "The last day of leave is before the first. Write the first day first, for example /cuti 2026-12-28 2026-12-31",
    LeaveProblem.TOO_FAR_BACK: f"Leave can be recorded at most {LEAVE_DAYS_BACK} days back.",
    LeaveProblem.TOO_FAR_AHEAD: "Leave can be recorded at most one year ahead. Please check the date.",
    LeaveProblem.TOO_LONG: f"One leave record covers at most {LEAVE_MAX_SPAN + 1} days. Record a longer leave in parts.",
}
_VALUE_PROBLEMS = {
    ValueProblem.NOT_A_NUMBER: "Write a number only, for example 35.",
    ValueProblem.NOT_WHOLE: "Write a whole number, for example 35.",
    ValueProblem.NEGATIVE: "The number cannot be negative.",
    ValueProblem.RATIO_FORMAT: "Write two numbers with a slash: complied/observed, for example 17/20.",
    ValueProblem.NUMERATOR_ABOVE_DENOMINATOR: "The first number (complied) cannot exceed the second (observed).",
    ValueProblem.ZERO_DENOMINATOR: "The number observed cannot be zero.",
}

_DAY_PROBLEMS = {
    DayProblem.UNREADABLE: "That date is not recognised. Write for example /laporan 2026-11-30, /laporan 30/11 or /laporan yesterday, and a unit code if needed.",
    DayProblem.FUTURE: "That date has not come yet. Reports can be seen up to today.",
}


def _lines(saved: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f"• {name}: {quantity}" for name, quantity in saved)


@escaping
class Staff:
    language: Language  # set by the catalogue that joins the parts

    # -- staff registration -------------------------------------------------------------

    def invite_prompt(self, name: str, masked_nip: str, role: Role, unit_name: str) -> Html:
        return Html(
            f"kinerja invitation for <b>{name}</b> (NIP {masked_nip}), as {ROLE_NAMES[role]} at "
            f"{unit_name}.\n\nIs this you?"
        )

    def invite_yes(self) -> str:
        return "Yes, that is me"

    def invite_no(self) -> str:
        return "Not me"

    def invite_refusal(self, reason: InviteRefusal) -> Html:
        return Html(_INVITE_REFUSALS[reason])

    def registered(self, name: str, role: Role) -> Html:
        return Html(
            f"Thank you, {name}. Your account is registered as {ROLE_NAMES[role]}.\n\n"
            "Type /lapor to report today's work, or /help for every command."
        )

    def registration_cancelled(self) -> Html:
        return Html(
            "Cancelled: this account is not registered. Open the invitation link again to register."
        )

    # -- ASN daily reports --------------------------------------------------------------

    def metric_name(self, metric: Metric) -> str:
        return metric.name_en

    def quantity(self, metric: Metric, value: Decimal, denominator: Decimal | None) -> str:
        places = 0 if metric.type is not MetricType.DECIMAL else 2
        if denominator is not None:
            return (
                f"{number(value, self.language, 0)} of {number(denominator, self.language, 0)} "
                f"{metric.unit_of_measure_en}"
            )
        return f"{number(value, self.language, places)} {metric.unit_of_measure_en}"

    def report_menu(self, day: date, saved: str | None) -> Html:
        head = f"✅ Saved: {saved}\n\n" if saved else ""
        return Html(
            f"{head}<b>Report for {long_date(day, self.language)}</b>\nChoose what to report:"
        )

    def other_day_button(self, day: date) -> str:
        return f"📅 Switch to {long_date(day, self.language)}"

    def finish_button(self) -> str:
        return "Done"

    def ask_value(self, metric: Metric, day: date, existing: str | None) -> Html:
        if metric.type is MetricType.RATIO:
            how = "Write how many complied and how many were observed, for example 17/20."
        else:
            how = f"Write the number ({metric.unit_of_measure_en}), for example 35."
        text = f"<b>{metric.name_en}</b> · {long_date(day, self.language)}\n{how}"
        if existing:
            text += f"\n\nAlready reported: {existing}. The new report will replace it."
        return Html(text)

    def value_problem(self, problem: ValueProblem, metric: Metric) -> Html:
        if problem is ValueProblem.TOO_LARGE:
            return Html(
                f"That number is too large: at most {number(metric.maximum, self.language, 0)}."
            )
        if problem is ValueProblem.TOO_SMALL:
            return Html(
                f"That number is too small: at least {number(metric.minimum, self.language, 0)}."
            )
        return Html(_VALUE_PROBLEMS[problem])

    def ask_note(self) -> Html:
        return Html("Add a short note (optional), or skip.")

    def skip_note_button(self) -> str:
        return "No note"

    def ask_evidence(self) -> Html:
        return Html("Send a photo as evidence (optional), or skip.")

    def skip_evidence_button(self) -> str:
        return "No evidence"

    def confirm_report(
        self,
        metric: Metric,
        day: date,
        quantity: str,
        note: str | None,
        has_evidence: bool,
        replaces: str | None,
    ) -> Html:
        lines = [
            "<b>Check your report</b>",
            f"{metric.name_en}: {quantity}",
            f"Date: {long_date(day, self.language)}",
        ]
        if note:
            lines.append(f"Note: {note}")
        lines.append("Evidence: " + ("attached" if has_evidence else "none"))
        if replaces:
            lines.append(f"\nReplaces the earlier report: {replaces}")
        return Html("\n".join(lines))

    def save_button(self) -> str:
        return "Save"

    def cancel_button(self) -> str:
        return "Cancel"

    def report_refusal(self, reason: ReportRefusal) -> Html:
        return Html(_REPORT_REFUSALS[reason])

    def report_finished(self, day: date, saved: Sequence[tuple[str, str]]) -> Html:
        when = long_date(day, self.language)
        if not saved:
            return Html(f"No report was saved for {when}. Type /lapor and choose what to report.")
        count = "1 report" if len(saved) == 1 else f"{len(saved)} reports"
        verb = "is" if len(saved) == 1 else "are"
        return Html(f"Done. {count} for {when} {verb} saved:\n" + _lines(saved))

    def report_cancelled(
        self,
        day: date,
        dropped: str | None,
        kept: str | None,
        saved: Sequence[tuple[str, str]],
    ) -> Html:
        when = long_date(day, self.language)
        if dropped is None:
            head = "Cancelled."
        elif kept is None:
            head = f"Cancelled. {dropped} was not saved."
        else:
            head = f"Cancelled. {dropped} was not replaced: it stays {kept}."
        if saved:
            stayed = (
                f"Reports for {when} already saved stay as they are ({len(saved)}):\n"
                + _lines(saved)
            )
        else:
            stayed = f"No report for {when} is saved yet."
        return Html(f"{head}\n\n{stayed}\n\nType /lapor to report again.")

    def history(self, first: date, last: date, lines: Sequence[Html]) -> Html:
        head = f"<b>Your reports {long_date(first, self.language)} – {long_date(last, self.language)}</b>"
        return Html(head + "\n" + ("\n".join(lines) if lines else "No reports yet."))

    def history_line(self, day: date, metric: Metric, quantity: str, verified: bool) -> Html:
        mark = " ✔️" if verified else ""
        return Html(f"{day.strftime('%d/%m')} · {metric.name_en}: {quantity}{mark}")

    def progress(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Your achievement this period</b>\n" + "\n".join(lines) if lines else "")

    def progress_line(
        self,
        name: str,
        realisation: Decimal | None,
        target: str,
        result: Capaian | None,
        places: int,
    ) -> Html:
        if realisation is None or result is None:
            return Html(f"{name}: no data yet (target {target})")
        return Html(
            f"{name}: {number(realisation, self.language, places)} against target {target} → "
            f"{percent(result.raw, self.language)} ({result.category.value})"
        )

    def history_button(self, days: int) -> str:
        return f"{days} days"

    def leave_usage(self) -> Html:
        return Html(
            "Write your leave dates, for example /cuti 2026-12-28 or /cuti 2026-12-28 2026-12-31"
        )

    def leave_refusal(self, problem: LeaveProblem) -> Html:
        return Html(_LEAVE_PROBLEMS[problem])

    def leave_marked(self, working_days: int, first: date, last: date) -> Html:
        span = long_date(first, self.language)
        if last != first:
            span += f" – {long_date(last, self.language)}"
        return Html(
            f"Leave recorded: {span} ({working_days} working days). You will not be reminded then."
        )

    def team_day(
        self,
        unit_name: str,
        day: date,
        working_day: bool,
        has_asn: bool,
        anyone_expected: bool,
        reports: int,
        missing: Sequence[tuple[str, int]],
        on_leave: Sequence[str],
    ) -> Html:
        lines = [f"<b>{unit_name}</b> · {long_date(day, self.language)}"]
        if not working_day:
            lines.append("Not a working day.")
        lines.append(f"Reports: {reports}")
        if not has_asn:
            lines.append("No civil servants registered yet.")
        elif missing:
            lines.append("\n<b>Not reported</b>")
            lines += [f"• {name} — {streak} working days in a row" for name, streak in missing]
        elif anyone_expected:
            lines.append("Every civil servant has reported.")
        if on_leave:
            lines.append("\nOn leave: " + ", ".join(on_leave))
        if reports:
            lines.append("\nChoose a report to verify or give feedback:")
        return Html("\n".join(lines))

    def previous_day_button(self, day: date) -> str:
        return f"◀ {short_date(day, self.language)}"

    def next_day_button(self, day: date) -> str:
        return f"{short_date(day, self.language)} ▶"

    def team_day_problem(self, problem: DayProblem) -> Html:
        return Html(_DAY_PROBLEMS[problem])

    def team_report_button(self, name: str, metric: Metric, quantity: str, verified: bool) -> str:
        return f"{'✔️ ' if verified else ''}{name} · {metric.name_en}: {quantity}"

    def report_detail(
        self,
        name: str,
        metric: Metric,
        day: date,
        quantity: str,
        note: str | None,
        has_evidence: bool,
        verified: bool,
        feedback: str | None,
    ) -> Html:
        lines = [
            f"<b>{name}</b> · {long_date(day, self.language)}",
            f"{metric.name_en}: {quantity}",
        ]
        if note:
            lines.append(f"Note: {note}")
        lines.append("Evidence: " + ("attached" if has_evidence else "none"))
        lines.append("Verified" if verified else "Not verified yet")
        if feedback:
            lines.append(f"Feedback: {feedback}")
        return Html("\n".join(lines))

    def evidence_button(self) -> str:
        return "📎 View evidence"

    def evidence_caption(self, name: str, metric: Metric, day: date, quantity: str) -> Html:
        return Html(
            f"📎 Evidence from {name}\n{metric.name_en}: {quantity} · {long_date(day, self.language)}"
        )

    def evidence_gone(self) -> Html:
        return Html("The evidence of this report is no longer available.")

    def verify_button(self) -> str:
        return "✔️ Verify"

    def feedback_button(self) -> str:
        return "💬 Feedback"

    def report_verified(self, name: str) -> str:
        return f"{name}'s report is verified."

    def ask_feedback(self, name: str, metric: Metric) -> Html:
        return Html(f"Write your feedback to {name} on {metric.name_en}. Type /batal to cancel.")

    def feedback_sent(self, name: str) -> Html:
        return Html(f"Feedback sent to {name}.")

    def feedback_cancelled(self, name: str) -> Html:
        return Html(f"Cancelled: no feedback was sent to {name}.")

    def feedback_to_asn(self, from_name: str, metric_name: str, day: date, feedback: str) -> Html:
        return Html(
            f"💬 <b>Feedback from {from_name}</b>\n{metric_name}, "
            f"{long_date(day, self.language)}:\n\n{feedback}"
        )

    def reminder(self, name: str) -> Html:
        return Html(f"Hello {name}, you have not reported today's work yet.")

    def reminder_button(self) -> str:
        return "Report now"
