"""English: what `bot.texts.citizen` declares."""

from __future__ import annotations

from bot.texts.markup import Html, escaping
from kinerja.complaints import LAPOR_URL
from kinerja.survey import AnswerProblem, Note, Refusal, Step
from kinerja.types import Language

ELEMENT_NAMES = {
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
OVERALL_LABELS = ("Not satisfied", "Less satisfied", "Satisfied", "Very satisfied")
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
    Note.COMPLAINT_WITHDRAWN: "Your complaint is withdrawn and will not be followed up.",
    Note.PAGE_MOVED: (
        "That page was already behind you, so what you typed there is not saved. "
        "Here is your question now."
    ),
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


@escaping
class Citizen:
    language: Language  # set by the catalogue that joins the parts

    # -- citizen survey ---------------------------------------------------------------

    def consent_notice(
        self, unit_name: str, retention_days: int, verified: bool, questions: int
    ) -> Html:
        return Html(
            f"<b>Community Satisfaction Survey — {unit_name}</b>\n\n"
            "Thank you for your visit. We would like your opinion of the service you just "
            f"received ({questions} short questions, including your waiting time and a "
            "complaint or suggestion if you have one).\n\n"
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
        return ELEMENT_NAMES[code]

    def overall_question(self) -> Html:
        return Html("Overall, how satisfied are you with the service you received?")

    def overall_label(self, score: int) -> str:
        return OVERALL_LABELS[score - 1]

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

    def complaint_written_question(self, ticket: str, revisable: bool) -> Html:
        if not revisable:
            return Html(
                f"Your complaint, ticket <b>{ticket}</b>, has already been answered, so it can no "
                f"longer be changed. See the answer with /status {ticket}"
            )
        return Html(
            f"Your complaint is recorded as ticket <b>{ticket}</b>. To change it, type the new "
            "text and send it. If you no longer wish to complain, choose «Nothing»: the "
            "complaint is withdrawn."
        )

    def keep_complaint_button(self) -> str:
        return "Leave it as written"

    def withdraw_complaint_button(self) -> str:
        return "Nothing (withdraw my complaint)"

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
        if note is Note.COMPLAINT_EDITED:
            return Html(f"Your complaint is changed; its ticket is still <b>{ticket}</b>.")
        if note is Note.COMPLAINT_ANSWERED:
            return Html(
                f"Complaint <b>{ticket}</b> has already been answered, so the new text does not "
                f"replace it. See the answer with /status {ticket}"
            )
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

    def survey_cancelled(self, ticket: str | None) -> Html:
        text = "Survey cancelled. The answers given so far are not counted."
        if ticket:
            text += (
                f"\n\nYour complaint {ticket} stays on record and will be followed up; the "
                f"answer comes to this chat. Check its status with /status {ticket}"
            )
        return Html(text)

    def unsupported_message(self) -> Html:
        return Html(
            "Sorry, we cannot handle this kind of message. Send text, a photo, or tap a button."
        )

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

    # -- the QR poster at the counter -------------------------------------------------

    def poster_instruction(self) -> str:
        return "Scan this QR code with your phone after being served to rate our service."

    def poster_footer(self) -> str:
        return "Community Satisfaction Survey · anonymous · about 1 minute"
