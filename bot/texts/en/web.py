"""English: what `bot.texts.web` declares."""

from __future__ import annotations

from bot.texts.markup import Html, escaping
from kinerja.types import Language


@escaping
class Web:
    language = Language.EN

    def web_survey_title(self, unit_name: str) -> str:
        return f"Public Satisfaction Survey — {unit_name}"

    def web_open_in_telegram(self) -> str:
        return "Open in Telegram"

    def web_telegram_hint(self) -> Html:
        return Html("Easiest if you use Telegram: the survey opens in the app.")

    def web_fill_here_hint(self) -> Html:
        return Html("Not on Telegram? Fill in the survey on this page.")

    def web_consent_notice(self, retention_days: int, verified: bool, questions: int) -> Html:
        return Html(
            "Thank you for your visit. We would like your opinion of the service you just "
            f"received ({questions} short questions, including your waiting time and a "
            "complaint or suggestion if you have one).\n\n"
            "• Why: to assess and improve the service (PermenPAN-RB 14/2017).\n"
            "• Anonymous: staff never see who answered. We do not keep your name, phone number "
            "or NIK. Your browser only gets a random code (a cookie) so that the survey can be "
            "resumed and nobody answers twice.\n"
            "• If you write a complaint, its answer can be read on the ticket page we give you "
            "a link to.\n"
            f"• Kept for at most {retention_days} days; after that only the summary figures "
            "remain. You can delete your data at any time with «Delete my data» at the foot of "
            "the survey pages.\n\n"
            "Would you like to take the survey?"
        )

    def web_next(self) -> str:
        return "Next"

    def web_choose_one(self) -> Html:
        return Html("Choose one answer, then press Next.")

    def web_waiting_minutes_label(self) -> str:
        return "Or type how many minutes you waited"

    def web_complaint_label(self) -> str:
        return "Your complaint or suggestion"

    def web_send_complaint(self) -> str:
        return "Send complaint"

    def web_photo_question(self) -> Html:
        return Html(
            "Would you like to attach a photo (of the room, for example)? Choose the photo and "
            "send it, or go on without one."
        )

    def web_photo_label(self) -> str:
        return "Photo (JPEG or PNG)"

    def web_send_photo(self) -> str:
        return "Send photo"

    def web_photo_unreadable(self) -> Html:
        return Html("This file is not a photo we can read. Choose a JPEG or PNG photo.")

    def web_thanks(self, ticket: str | None) -> Html:
        text = "<b>Thank you!</b> Your answers are saved and will be used to improve the service."
        if ticket:
            text += f"\n\nYour complaint's number is <b>{ticket}</b>."
        return Html(text)

    def web_ticket_link_intro(self) -> Html:
        return Html(
            "Keep this link to see the status and the answer of your complaint. Anyone holding "
            "the link can read it, so do not share it."
        )

    def web_ticket_title(self, ticket: str) -> str:
        return f"Complaint {ticket}"

    def web_not_found(self) -> Html:
        return Html("This page was not found. Please check the link or the QR code.")

    def web_cookies_needed(self) -> Html:
        return Html(
            "Your browser does not keep cookies, so the survey cannot go on. Allow cookies for "
            "this site, then open the link again."
        )

    def web_form_expired(self) -> Html:
        return Html("This page has expired. Please open your survey again.")

    def web_start_over(self) -> str:
        return "Open the survey"

    def web_other_language(self) -> str:
        return "Bahasa Indonesia"

    def web_rating_question(self) -> Html:
        return Html("How was your complaint handled?")

    def web_complaint_reopened(self, ticket: str) -> Html:
        return Html(
            f"Thank you for your rating. As you are not satisfied, complaint <b>{ticket}</b> is "
            "reopened and the unit's supervisors are told. The next answer will show on this "
            "page."
        )

    def web_complaint_question(self) -> Html:
        return Html(
            "Any complaint or suggestion? Type it below and send it. A complaint gets a ticket "
            "number, and its answer shows on the ticket page we give you a link to."
        )

    def web_complaint_answered(self, ticket: str) -> Html:
        return Html(
            f"Your complaint, ticket <b>{ticket}</b>, has been answered by staff, so it can no "
            "longer be changed. The answer is on the ticket page."
        )

    def web_delete_link(self) -> str:
        return "Delete my data"

    def web_delete_confirm(self, cooldown_hours: int) -> Html:
        until = (
            "the end of today" if not cooldown_hours else f"{cooldown_hours} hours after the survey"
        )
        return Html(
            "Delete your personal data? This browser's random code is unlinked from every survey "
            "answered here, the respondent profile is deleted, and the text and photo of your "
            "complaints are deleted (their ticket numbers stay). Your answers still count in the "
            "summaries, without identity.\n\n"
            "So that deleting cannot be used to rate the same unit again and again, we keep a "
            f"marker per unit you rated, not linked to your answers, until {until}."
        )

    def web_delete_done(self, responses: int, complaints: int) -> Html:
        return Html(
            f"Done. {responses} survey answers are no longer linked to this browser, and "
            f"{complaints} complaints had their content deleted."
        )
