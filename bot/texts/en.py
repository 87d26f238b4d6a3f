"""English: the second language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from bot.texts.format import date_time, long_date, number, percent
from bot.texts.markup import Html, escape, escaping
from kinerja.capaian import Capaian
from kinerja.complaints import LAPOR_URL, ComplaintRefusal, TicketStatus
from kinerja.periods import Period
from kinerja.roles import Command
from kinerja.skm import Mutu
from kinerja.staff import (
    LEAVE_DAYS_BACK,
    LEAVE_MAX_SPAN,
    InviteRefusal,
    LeaveProblem,
    ReportRefusal,
    ValueProblem,
)
from kinerja.summary import Measure
from kinerja.summary import Status as SummaryStatus
from kinerja.survey import AnswerProblem, Note, Refusal, Step
from kinerja.types import Language, Metric, MetricType, Role, UnitKind

_ROLE = {
    Role.CITIZEN: "citizen",
    Role.ASN: "civil servant (ASN)",
    Role.SUPERVISOR: "supervisor",
    Role.ADMIN: "admin",
}
_COMMANDS = {
    Command.START: "Start",
    Command.HELP: "Help: what you can do here",
    Command.LANGUAGE: "Change language",
    Command.CANCEL: "Cancel the current step",
    Command.TICKET_STATUS: "Status of your complaint, e.g. /status PKM-PAUH-2026-000123",
    Command.DELETE_MY_DATA: "Delete your personal data",
    Command.REPORT: "Report today's work output",
    Command.HISTORY: "Your report history",
    Command.LEAVE: "Record your leave days",
    Command.TEAM_REPORTS: "Today's staff reports",
    Command.SUMMARY: "IKU summary: week, month or quarter",
    Command.EXPORT: "Download the summary as Excel",
}
_KINDS = {
    UnitKind.KECAMATAN: "District (kecamatan)",
    UnitKind.PUSKESMAS: "Community health centre (puskesmas)",
    UnitKind.SERVICE_UNIT: "Service unit",
}

_ELEMENT_NAMES = {
    "U1": "Requirements",
    "U2": "Systems, mechanisms and procedures",
    "U3": "Time to complete",
    "U4": "Cost/fee",
    "U5": "Service product",
    "U6": "Staff competence",
    "U7": "Staff behaviour",
    "U8": "Facilities",
    "U9": "Complaint handling",
}
_QUESTIONS = {
    "U1": "How well did the requirements fit the service you received?",
    "U2": "How easy was the procedure at this unit?",
    "U3": "How fast was the service?",
    "U4": "How fair was the cost or fee?",
    "U5": "Did the result match the promised service standard?",
    "U6": "How competent was the staff who served you?",
    "U7": "How polite and friendly was the staff?",
    "U8": "How good were the facilities (waiting room, toilets, cleanliness)?",
    "U9": "How are complaints and suggestions handled at this unit?",
}
_LABELS = {
    "U1": ("Not suitable", "Less suitable", "Suitable", "Very suitable"),
    "U2": ("Not easy", "Less easy", "Easy", "Very easy"),
    "U3": ("Not fast", "Less fast", "Fast", "Very fast"),
    "U4": ("Very expensive", "Fairly expensive", "Cheap", "Free"),
    "U5": ("Not suitable", "Less suitable", "Suitable", "Very suitable"),
    "U6": ("Not competent", "Less competent", "Competent", "Very competent"),
    "U7": (
        "Not polite or friendly",
        "Less polite and friendly",
        "Polite and friendly",
        "Very polite and friendly",
    ),
    "U8": ("Poor", "Fair", "Good", "Very good"),
    "U9": ("None", "Exists but does not work", "Works, not at its best", "Well managed"),
}
_GRADES = {Mutu.A: "Very good", Mutu.B: "Good", Mutu.C: "Poor", Mutu.D: "Very poor"}
_OVERALL = ("Not satisfied", "Less satisfied", "Satisfied", "Very satisfied")
_WAITING = {
    "<15": "Under 15 minutes",
    "15-30": "15–30 minutes",
    "30-60": "30–60 minutes",
    "60-120": "1–2 hours",
    ">120": "Over 2 hours",
}
_PROFILE_QUESTIONS = {
    Step.SEX: "Your sex?",
    Step.AGE: "Your age?",
    Step.EDUCATION: "Your highest education?",
    Step.OCCUPATION: "Your main occupation?",
}
_PROFILE_LABELS = {
    "L": "Male",
    "P": "Female",
    "<20": "Under 20",
    "20-29": "20–29",
    "30-39": "30–39",
    "40-49": "40–49",
    "50-59": "50–59",
    "60+": "60 or older",
    "SD": "Primary school",
    "SMP": "Junior high school",
    "SMA": "Senior high school",
    "D1-D3": "Diploma (D1–D3)",
    "D4-S1": "Bachelor (D4/S1)",
    "S2+": "Postgraduate (S2/S3)",
    "PNS": "Civil servant",
    "TNI/POLRI": "Military/police",
    "SWASTA": "Private employee",
    "WIRAUSAHA": "Self-employed",
    "PELAJAR": "Student",
    "LAINNYA": "Other",
}
_NOTES = {
    Note.RESUMED: "Welcome back, let us continue your survey.",
    Note.NEED_BUTTON: "Please answer by tapping one of the buttons below.",
    Note.PHOTO_RECORDED: "Photo received.",
    Note.PHOTO_TOO_LARGE: "That photo is too large. Send a smaller one, or skip.",
}
_PROBLEMS = {
    AnswerProblem.NOT_A_NUMBER: "Write the waiting time in minutes, for example 45.",
    AnswerProblem.OUT_OF_RANGE: "The waiting time must be between 0 and 600 minutes.",
    AnswerProblem.EMPTY: "Your message is empty. Write your complaint or suggestion, or skip.",
    AnswerProblem.TOO_LONG: "That message is too long (2,000 characters at most). Please shorten it.",
    AnswerProblem.NOT_SKIPPABLE: "This question needs an answer.",
    AnswerProblem.UNKNOWN_CHOICE: "That choice is not available.",
}
_REFUSALS = {
    Refusal.UNKNOWN_LINK: "This link is not known. Scan the QR code at the service counter.",
    Refusal.UNKNOWN_UNIT: "This service unit was not found. Scan the QR code at the counter.",
    Refusal.VISIT_FORGED: "The code on this ticket is not valid.",
    Refusal.VISIT_EXPIRED: "The code on this ticket has expired.",
    Refusal.VISIT_USED: "The code on this ticket has already been used.",
    Refusal.STALE: "This button is no longer valid.",
    Refusal.EXPIRED: (
        "This survey was closed because it was left unfinished for too long. Your answers are "
        "kept. Scan the QR code again to start a new survey."
    ),
    Refusal.NO_SURVEY: "No survey is in progress.",
}
_TICKET_STATUS = {
    TicketStatus.OPEN: "received, waiting to be handled",
    TicketStatus.IN_PROGRESS: "being handled",
    TicketStatus.CLOSED: "followed up and closed",
}
_COMPLAINT_REFUSALS = {
    ComplaintRefusal.NOT_FOUND: "Complaint not found.",
    ComplaintRefusal.NOT_IN_SCOPE: "This complaint is not from a unit you oversee.",
    ComplaintRefusal.ALREADY_CLOSED: "This complaint is already closed.",
    ComplaintRefusal.ALREADY_TAKEN: "This complaint is already being handled.",
    ComplaintRefusal.ALREADY_RATED: "You already rated how this complaint was handled. Thank you.",
    ComplaintRefusal.BAD_TICKET: "Ticket number not recognised. Example: /status PKM-PAUH-2026-000123",
    ComplaintRefusal.EMPTY_NOTE: "The follow-up cannot be empty. Please write it.",
}

_MARKERS = {
    SummaryStatus.MET: "✅",
    SummaryStatus.NEAR: "🟡",
    SummaryStatus.BELOW: "🔴",
    SummaryStatus.NO_DATA: "⚪",
}
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


def _counts(counts: Mapping[str, int]) -> str:
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
    return ", ".join(parts) or "none"


@escaping
class English:
    language = Language.EN

    def welcome(self, first_name: str, role: Role, person_name: str | None) -> Html:
        if role is Role.CITIZEN:
            return Html(
                f"Hello, {first_name}! This is <b>kinerja</b>, where you rate public services."
                "\n\nAfter you have been served, scan the QR code at the service counter to "
                "fill in a short satisfaction survey. Your answers are anonymous.\n\nType /help "
                "for help."
            )
        return Html(
            f"Welcome, {person_name or first_name}. You are registered as {_ROLE[role]}.\n\n"
            "Type /help to see what you can do."
        )

    def help(self, role: Role, commands: Sequence[Command]) -> Html:
        lines = [f"/{c.value} — {escape(self.command_description(c))}" for c in commands]
        return Html(f"<b>Help for {_ROLE[role]}</b>\n\n" + "\n".join(lines))

    def command_description(self, command: Command) -> str:
        return _COMMANDS[command]

    def choose_language(self) -> Html:
        return Html("Choose a language:")

    def language_changed(self) -> Html:
        return Html("Language changed to English.")

    def not_allowed(self) -> Html:
        return Html("Sorry, this command is not available to you. Type /help to see your options.")

    def not_understood(self) -> Html:
        return Html("Sorry, I did not understand that. Type /help to see your options.")

    def stale_button(self) -> str:
        return "This button is no longer valid."

    def error_apology(self) -> Html:
        return Html(
            "Sorry, something went wrong while handling your message. The answers you already "
            "gave are saved. Please try again in a moment."
        )

    def cancelled(self) -> Html:
        return Html("Cancelled.")

    def nothing_to_cancel(self) -> Html:
        return Html("Nothing is in progress.")

    def unit_kind(self, kind: UnitKind) -> str:
        return _KINDS[kind]

    def ops_handler_failed(self, error_name: str, update_id: int | None) -> Html:
        return Html(f"kinerja: {error_name} on update {update_id}")

    def cli_setting_problem(self, key: str, problem: str) -> str:
        return f"Setting {key} is invalid: {problem}"

    def cli_token_missing(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) "
            "and put its token in .env (see .env.example)."
        )

    def cli_token_rejected(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN was rejected by the Bot API: copy the token again from "
            "@BotFather (/mybots, API Token) into .env."
        )

    def cli_bot_api_error(self, api_url: str, problem: str) -> str:
        return f"Bot API error at {api_url} (TELEGRAM_API_URL): {problem}"

    def cli_secret_key_weak(self) -> str:
        return (
            "KINERJA_SECRET_KEY is missing or shorter than 32 characters: run `kinerja init-env` "
            "(writes a random key into .env, once) or set it to the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`. Only to try without real data: '
            "KINERJA_ENVIRONMENT=development."
        )

    def cli_development_key(self) -> str:
        return (
            "the public development key: anyone can forge visit links and reverse identity "
            "hashes; run `kinerja init-env`"
        )

    def cli_secret_key_written(self, file: str) -> str:
        return (
            f"Wrote a random KINERJA_SECRET_KEY into {file}. Keep a copy somewhere safe: "
            "changing it unlinks the stored identities."
        )

    def cli_secret_key_kept(self) -> str:
        return "KINERJA_SECRET_KEY is already set (environment or .env); left unchanged."

    def cli_unexpected_error(self, problem: str) -> str:
        return f"kinerja stopped on an error: {problem}"

    def cli_catalog_error(self, file: str, line: int | None, where: str, problem: str) -> str:
        at = f"{file}, line {line}" if line else file
        return f"Catalogue refused ({at}, {where}): {problem}. The database is unchanged."

    def cli_catalog_unreadable(self, file: str, problem: str) -> str:
        return f"Catalogue {file} cannot be read: {problem}. The database is unchanged."

    def cli_catalog_loaded(
        self,
        file: str,
        created: Mapping[str, int],
        updated: Mapping[str, int],
        deactivated: Mapping[str, int],
    ) -> str:
        return (
            f"Catalogue {file} loaded. New: {_counts(created)}; changed: {_counts(updated)}; "
            f"deactivated: {_counts(deactivated)}."
        )

    def cli_catalog_unchanged(self, file: str) -> str:
        return f"Catalogue {file} already matches the database; nothing changed."

    def cli_catalog_empty(self) -> str:
        return "The catalogue is empty. Load one with: kinerja catalog load FILE"

    def cli_database_upgraded(self, revision: str) -> str:
        return f"Database at revision {revision}."

    def cli_database_unreachable(self, problem: str) -> str:
        return f"Cannot reach the database (DATABASE_URL): {problem}"

    def cli_bot_starting(self, username: str, api_url: str) -> str:
        return f"Bot @{username} running ({api_url}). Press Ctrl+C to stop."

    def cli_example_loaded(self, file: str) -> str:
        return f"Empty database: loaded the example catalogue {file}."

    # -- citizen survey ---------------------------------------------------------------

    def consent_notice(self, unit_name: str, retention_days: int, verified: bool) -> Html:
        return Html(
            f"<b>Community Satisfaction Survey — {unit_name}</b>\n\n"
            "Thank you for your visit. We would like your opinion of the service you just "
            "received (9 short questions, your waiting time, and a complaint or suggestion if "
            "you have one).\n\n"
            "• Why: to measure and improve public services (PermenPAN-RB 14/2017).\n"
            "• Anonymous: staff never see who answered. We do not keep your name, phone number "
            "or ID number; your Telegram account is kept only as a random code so that one "
            "person answers once.\n"
            "• If you write a complaint, we keep this chat to send you the answer.\n"
            f"• Kept for at most {retention_days} days; after that only the totals remain. You "
            "can delete your data at any time with /hapus.\n\n"
            "Would you like to take the survey?"
        )

    def consent_agree(self) -> str:
        return "Yes, I agree"

    def consent_decline(self) -> str:
        return "No, thank you"

    def consent_declined(self) -> Html:
        return Html("All right, nothing was stored. Thank you for your visit.")

    def survey_header(self, unit_name: str, position: int, total: int) -> Html:
        return Html(f"<b>{unit_name}</b> · question {position} of {total}")

    def element_question(self, code: str) -> Html:
        return Html(_QUESTIONS[code])

    def element_label(self, code: str, score: int) -> str:
        return _LABELS[code][score - 1]

    def element_name(self, code: str) -> str:
        return _ELEMENT_NAMES[code]

    def overall_question(self) -> Html:
        return Html("Overall, how satisfied are you with the service you received?")

    def overall_label(self, score: int) -> str:
        return _OVERALL[score - 1]

    def waiting_question(self) -> Html:
        return Html(
            "How long did you wait until you were served? Choose below, or type the number of "
            "minutes (for example 45)."
        )

    def waiting_range(self, code: str) -> str:
        return _WAITING[code]

    def complaint_question(self) -> Html:
        return Html(
            "Any complaint or suggestion? Type it here and send it. A complaint gets a ticket "
            "number and an answer in this chat."
        )

    def no_complaint_button(self) -> str:
        return "Nothing"

    def photo_question(self) -> Html:
        return Html("Would you like to add a photo (for example of the room)? Send it, or skip.")

    def no_photo_button(self) -> str:
        return "No photo"

    def importance_question(self) -> Html:
        return Html("Of all these, which matters most to you?")

    def profile_question(self, step: Step) -> Html:
        return Html(_PROFILE_QUESTIONS[step] + " (you may skip)")

    def profile_label(self, step: Step, code: str) -> str:
        return _PROFILE_LABELS[code]

    def skip_button(self) -> str:
        return "Skip"

    def back_button(self) -> str:
        return "« Back"

    def survey_note(self, note: Note, ticket: str | None) -> Html:
        if note is Note.COMPLAINT_RECORDED:
            return Html(f"Your complaint is recorded as ticket <b>{ticket}</b>.")
        return Html(_NOTES[note])

    def answer_problem(self, problem: AnswerProblem) -> Html:
        return Html(_PROBLEMS[problem])

    def survey_thanks(self, ticket: str | None) -> Html:
        text = "<b>Thank you!</b> Your answers are saved and will help improve the service."
        if ticket:
            text += (
                f"\n\nYour complaint is ticket <b>{ticket}</b>. The answer will be sent to this "
                f"chat. Check its status any time with /status {ticket}"
            )
        return Html(text)

    def lapor_offer(self, ticket: str, unit_name: str) -> Html:
        return Html(
            "Your complaint concerns a serious matter. Besides the unit, you can also report it "
            "to SP4N-LAPOR!, the national public-service complaint channel. Copy this text:"
            f"\n\n<code>Complaint about the service at {unit_name} (ticket {ticket}): </code>"
            f"\n\n{LAPOR_URL}"
        )

    def lapor_button(self) -> str:
        return "Report to SP4N-LAPOR!"

    def survey_refusal(self, reason: Refusal, unit_name: str | None) -> Html:
        if reason is Refusal.ALREADY_ANSWERED:
            return Html(
                f"You already took the survey for {unit_name} today. Thank you! You are welcome "
                "to answer again on your next visit."
            )
        text = _REFUSALS[reason]
        if unit_name and reason in (
            Refusal.VISIT_FORGED,
            Refusal.VISIT_EXPIRED,
            Refusal.VISIT_USED,
        ):
            text += f" You can still take the survey for {unit_name} without a ticket code."
        return Html(text)

    def poster_button(self) -> str:
        return "Take the survey without a ticket"

    def survey_cancelled(self) -> Html:
        return Html("Survey cancelled. The answers given so far are not counted.")

    def unsupported_message(self) -> Html:
        return Html(
            "Sorry, we cannot handle this kind of message. Send text, a photo, or tap a button."
        )

    # -- complaints -------------------------------------------------------------------

    def complaint_alert(self, unit_name: str, ticket: str, text: str | None, serious: bool) -> Html:
        head = "⚠️ <b>Serious complaint</b>" if serious else "📝 <b>New complaint</b>"
        body = self.complaint_text_removed() if text is None else text
        return Html(f"{head} · {ticket}\n<b>{unit_name}</b>\n\n{body}")

    def complaint_text_removed(self) -> Html:
        return Html("<i>(Complaint text deleted at the request of the person who wrote it.)</i>")

    def take_button(self) -> str:
        return "Take it on"

    def close_button(self) -> str:
        return "Close with a follow-up"

    def complaint_taken(self, ticket: str) -> str:
        return f"You are handling complaint {ticket}."

    def ask_follow_up(self, ticket: str) -> Html:
        return Html(
            f"Write the follow-up for complaint {ticket}. Your next message will be sent to the "
            "citizen. Type /batal to cancel."
        )

    def complaint_closed(self, ticket: str) -> Html:
        return Html(f"Complaint {ticket} is closed and the follow-up was sent to the citizen.")

    def complaint_refusal(self, refusal: ComplaintRefusal) -> Html:
        return Html(_COMPLAINT_REFUSALS[refusal])

    def low_score_alert(self, unit_name: str, element_names: Sequence[str]) -> Html:
        return Html(
            f"🔔 <b>{unit_name}</b>: a citizen gave the lowest score (1) for "
            f"{', '.join(element_names)}."
        )

    def follow_up_to_citizen(self, ticket: str, follow_up: str) -> Html:
        return Html(
            f"<b>Follow-up of complaint {ticket}</b>\n\n{follow_up}\n\n"
            "How was your complaint handled?"
        )

    def rating_label(self, score: int) -> str:
        return _OVERALL[score - 1]

    def rating_thanks(self) -> Html:
        return Html("Thank you for your rating.")

    def ticket_status(
        self, ticket: str, status: TicketStatus, created_at: datetime, follow_up: str | None
    ) -> Html:
        text = (
            f"<b>{ticket}</b>\nReceived: {date_time(created_at, self.language)}\n"
            f"Status: {_TICKET_STATUS[status]}"
        )
        if follow_up:
            text += f"\n\nFollow-up:\n{follow_up}"
        return Html(text)

    def status_usage(self) -> Html:
        return Html("Write your ticket number, for example: /status PKM-PAUH-2026-000123")

    # -- privacy ----------------------------------------------------------------------

    def delete_confirm(self, cooldown_hours: int) -> Html:
        until = (
            "the end of today" if not cooldown_hours else f"{cooldown_hours} hours after a survey"
        )
        return Html(
            "Delete your personal data? Your account code will be removed from all your survey "
            "answers, your respondent profile deleted, and the text, photos and follow-up replies "
            "of your complaints deleted, including messages not yet sent (their ticket numbers "
            "remain). Your answers still count in the totals, without any identity.\n\n"
            "So that deleting cannot be used to rate the same unit again and again, we keep one "
            "marker code per unit you rated, which cannot be turned back into your account and is "
            f"not linked to your answers, until {until}."
        )

    def delete_yes(self) -> str:
        return "Yes, delete"

    def delete_no(self) -> str:
        return "Cancel"

    def delete_done(self, responses: int, complaints: int) -> Html:
        return Html(
            f"Done. {responses} survey answers are no longer linked to your account, and "
            f"{complaints} complaints had their content deleted. Your language choice is deleted "
            "too."
        )

    def delete_kept(self) -> Html:
        return Html("All right, nothing was deleted.")

    def cli_unknown_unit(self, code: str) -> str:
        return f"Unit {code} is not in the catalogue. List the units with: kinerja catalog show"

    def cli_bot_username_needed(self) -> str:
        return (
            "The bot's username is unknown: set KINERJA_BOT_USERNAME, or TELEGRAM_BOT_TOKEN so "
            "that it can be asked from Telegram."
        )

    def cli_file_written(self, path: str, rows: int) -> str:
        return f"Wrote {path} ({rows} rows)."

    def cli_output_is_database(self, option: str, path: str) -> str:
        return (
            f"{option} {path} is kinerja's live database file; choose another. Nothing was written."
        )

    def cli_output_holds_database(self, option: str, path: str) -> str:
        return (
            f"{option} {path} holds kinerja's live database and the demo empties that folder; "
            "choose another. Nothing was changed."
        )

    def poster_instruction(self) -> str:
        return "Scan this QR code with your phone after being served to rate our service."

    def poster_footer(self) -> str:
        return "Community Satisfaction Survey · anonymous · about 1 minute"

    # -- staff registration -------------------------------------------------------------

    def invite_prompt(self, name: str, masked_nip: str, role: Role, unit_name: str) -> Html:
        return Html(
            f"kinerja invitation for <b>{name}</b> (NIP {masked_nip}), as {_ROLE[role]} at "
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
            f"Thank you, {name}. Your account is registered as {_ROLE[role]}.\n\n"
            "Type /lapor to report today's work, or /help for every command."
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

    def report_finished(self) -> Html:
        return Html("Thank you, your reports are saved.")

    def history(self, first: date, last: date, lines: Sequence[Html]) -> Html:
        head = f"<b>Your reports {long_date(first, self.language)} – {long_date(last, self.language)}</b>"
        return Html(head + "\n" + ("\n".join(lines) if lines else "No reports yet."))

    def history_line(self, day: date, metric: Metric, quantity: str, verified: bool) -> Html:
        mark = " ✔️" if verified else ""
        return Html(f"{day.strftime('%d/%m')} · {metric.name_en}: {quantity}{mark}")

    def progress(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Your achievement this period</b>\n" + "\n".join(lines) if lines else "")

    def progress_line(
        self, name: str, realisation: Decimal | None, target: str, result: Capaian | None
    ) -> Html:
        if realisation is None or result is None:
            return Html(f"{name}: no data yet (target {target})")
        return Html(
            f"{name}: {number(realisation, self.language)} against target {target} → "
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
        reports: int,
        missing: Sequence[tuple[str, int]],
        on_leave: Sequence[str],
    ) -> Html:
        lines = [f"<b>{unit_name}</b> · {long_date(day, self.language)}"]
        if not working_day:
            lines.append("Today is not a working day.")
        lines.append(f"Reports today: {reports}")
        if missing:
            lines.append("\n<b>Not reported</b>")
            lines += [f"• {name} — {streak} working days in a row" for name, streak in missing]
        elif working_day:
            lines.append("Every civil servant has reported.")
        if on_leave:
            lines.append("\nOn leave: " + ", ".join(on_leave))
        if reports:
            lines.append("\nChoose a report to verify or give feedback:")
        return Html("\n".join(lines))

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

    def feedback_to_asn(self, from_name: str, metric_name: str, day: date, feedback: str) -> Html:
        return Html(
            f"💬 <b>Feedback from {from_name}</b>\n{metric_name}, "
            f"{long_date(day, self.language)}:\n\n{feedback}"
        )

    def reminder(self, name: str) -> Html:
        return Html(f"Hello {name}, you have not reported today's work yet.")

    def reminder_button(self) -> str:
        return "Report now"

    def cli_invitation(self, name: str, link: str, expires_at: datetime) -> str:
        return (
            f"Invitation for {name} (valid until {date_time(expires_at, self.language)}):\n{link}"
        )

    def cli_invite_problem(self, field: str, problem: str) -> str:
        return f"Invitation refused ({field}): {problem}"

    def cli_staff_deactivated(self, name: str) -> str:
        return f"{name} is deactivated; their access ends now."

    def cli_summaries_sent(
        self,
        period_key: str,
        *,
        sent: int,
        resumed: int,
        already_sent: int,
        pending: int,
        failed: int,
    ) -> str:
        text = (
            f"Summaries {period_key}: {sent} sent, {already_sent} already sent, "
            f"{pending} pending, {failed} failed."
        )
        if resumed:
            text += (
                f" {resumed} of those sent were left unfinished by an interrupted run "
                "and are now sent whole."
            )
        if pending:
            text += " The pending ones are being sent by another process; run again later."
        return text

    def cli_summaries_waiting(self, count: int, seconds: int) -> str:
        return (
            f"{count} summaries are claimed by another process and not sent yet (pending). "
            f"Waiting up to {seconds} s; those of a process that stopped are then sent whole."
        )

    def cli_outbox_resent(self, item_id: int, sent: bool, status: str) -> str:
        if sent:
            return f"Message {item_id} sent."
        return f"Message {item_id} not sent ({status}). See: kinerja outbox failed"

    def cli_outbox_not_given_up(self, item_id: int) -> str:
        return (
            f"No message {item_id} that failed, has an unknown outcome or was cancelled. "
            "See the list: kinerja outbox failed"
        )

    def cli_unknown_nip(self, nip: str) -> str:
        return f"No staff member has NIP {nip}."

    # -- IKU summaries ------------------------------------------------------------------

    def summary_title(self, unit_name: str, period: Period, late: bool) -> Html:
        span = f"{long_date(period.start, self.language)} – {long_date(period.end, self.language)}"
        note = " (sent late)" if late else ""
        return Html(f"📊 <b>Summary {period.key} · {unit_name}</b>{note}\n{span}")

    def measure(self, value: Decimal, measure: Measure) -> str:
        if measure is Measure.MINUTES:
            return f"{number(value, self.language, 1)} minutes"
        if measure is Measure.PERCENT:
            return percent(value, self.language)
        return number(value, self.language)

    def summary_line(
        self,
        name: str,
        status: SummaryStatus,
        realisation: str | None,
        target: str,
        capaian: Decimal | None,
        change: str | None,
        better: bool | None,
    ) -> Html:
        if realisation is None or capaian is None:
            return Html(f"{_MARKERS[status]} {name}: no data yet (target {target})")
        trend = ""
        if change is not None:
            arrow = "▲" if change.startswith("+") else "▼" if change.startswith("-") else "＝"
            trend = f" {arrow}{change.lstrip('+-')}"
        return Html(
            f"{_MARKERS[status]} {name}: {realisation} / target {target} · achievement "
            f"{percent(capaian, self.language)}{trend}"
        )

    def summary_satisfaction(
        self,
        ikm: Decimal | None,
        grade: Mutu | None,
        respondents: int,
        verified: int,
        required_sample: int | None,
    ) -> Html:
        if ikm is None or grade is None:
            return Html("Community satisfaction: no respondents yet.")
        text = (
            f"<b>IKM {number(ikm, self.language)}</b> (grade {grade.value}, "
            f"{_GRADES[grade]}) · {respondents} respondents ({verified} verified)"
        )
        if required_sample is not None:
            text += f" of a minimum sample of {required_sample}"
            if respondents < required_sample:
                text += " — <b>sample not yet sufficient</b>"
        return Html(text)

    def summary_weakest(self, element: str, nrr: Decimal) -> Html:
        return Html(
            f"Weakest element: {_ELEMENT_NAMES[element]} (NRR {number(nrr, self.language)})"
        )

    def summary_missing_elements(self, elements: Sequence[str]) -> Html:
        return Html("Elements nobody answered (left out): " + ", ".join(elements))

    def summary_waiting(self, mean: Decimal | None, within: Decimal | None, threshold: int) -> Html:
        if mean is None or within is None:
            return Html("Waiting time: no data yet.")
        return Html(
            f"Mean waiting time {number(mean, self.language, 1)} minutes; "
            f"{percent(within, self.language)} served within {threshold} minutes"
        )

    def summary_flagged(self, flagged: int, left_out: int) -> Html:
        text = f"Responses flagged as suspicious: {flagged}"
        if left_out:
            text += f" ({left_out} by the unit's own staff, not counted in the IKM)"
        return Html(text)

    def summary_importance(self, items: Sequence[tuple[str, int, Decimal | None, bool]]) -> Html:
        parts = []
        for element, votes, nrr, weak in items:
            score = f", NRR {number(nrr, self.language)}" if nrr is not None else ""
            flag = " ⚠️ fix first" if weak else ""
            parts.append(f"{_ELEMENT_NAMES[element]} ({votes} votes{score}){flag}")
        return Html("Matters most to citizens: " + "; ".join(parts))

    def summary_complaints(self, received: int, closed: int, overdue: int) -> Html:
        text = f"Complaints: {received} received, {closed} closed"
        if overdue:
            text += f", <b>{overdue} overdue</b>"
        return Html(text)

    def summary_missing_staff(self, people: Sequence[tuple[str, int]]) -> Html:
        if not people:
            return Html("Every civil servant reported (nobody missed 2 or more working days).")
        shown = ", ".join(f"{name} ({days} days)" for name, days in people[:15])
        more = f" and {len(people) - 15} more" if len(people) > 15 else ""
        return Html(f"Missed 2+ working days: {shown}{more}")

    def summary_children(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Per unit</b>\n" + "\n".join(lines))

    def summary_child(self, name: str, ikm: Decimal | None, grade: Mutu | None, n: int) -> Html:
        if ikm is None or grade is None:
            return Html(f"• {name}: no respondents yet")
        return Html(f"• {name}: IKM {number(ikm, self.language)} ({grade.value}), {n} respondents")

    def detail_button(self, name: str) -> str:
        return f"🔎 {name}"

    def xlsx_button(self) -> str:
        return "📥 Download Excel"

    def rekap_usage(self) -> Html:
        return Html(
            "Write /rekap [minggu|bulan|triwulan] [UNIT CODE], for example /rekap bulan PKM-PAUH"
        )

    def chart_ikm(self) -> str:
        return "IKM per week"

    def chart_capaian(self, unit_name: str) -> str:
        return f"IKU achievement (%) · {unit_name}"

    def export_caption(self, period_key: str) -> str:
        return f"Performance summary {period_key}"

    def demo_progress(self) -> str:
        return "The week is running…"

    def demo_summary_heading(self, supervisor: str) -> str:
        return f"Weekly summary for {supervisor} (as in Telegram)"

    def demo_done(self, folder: str, period_key: str) -> str:
        return (
            f"Demo results for week {period_key} in {folder}/: chart, summary Excel, SKM "
            "report, QR posters, and the kinerja.db database."
        )

    def chat_photo(self) -> str:
        return "[photo]"

    def chat_document(self, name: str) -> str:
        return f"[file {name}]"

    def chat_missing_file(self, path: str) -> str:
        return f"(no file {path})"
