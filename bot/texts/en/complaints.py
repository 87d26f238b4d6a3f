"""English: what `bot.texts.complaints` declares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.texts.en.citizen import OVERALL_LABELS
from bot.texts.format import date_time
from bot.texts.markup import Html, escaping
from kinerja.complaints import ComplaintRefusal, TicketStatus
from kinerja.types import Language

_TICKET_STATUS = {
    TicketStatus.OPEN: "received, waiting to be handled",
    TicketStatus.IN_PROGRESS: "being handled",
    TicketStatus.CLOSED: "followed up and closed",
    TicketStatus.WITHDRAWN: "withdrawn by you, not followed up",
    TicketStatus.REOPENED: "reopened, waiting to be handled again",
}
_COMPLAINT_REFUSALS = {
    ComplaintRefusal.NOT_FOUND: "Complaint not found.",
    ComplaintRefusal.NOT_IN_SCOPE: "This complaint is not from a unit you oversee.",
    ComplaintRefusal.ALREADY_CLOSED: "This complaint is already closed.",
    ComplaintRefusal.ALREADY_TAKEN: "This complaint is already being handled.",
    ComplaintRefusal.ALREADY_RATED: "You already rated how this complaint was handled. Thank you.",
    ComplaintRefusal.WITHDRAWN: "The citizen has withdrawn this complaint.",
    ComplaintRefusal.BAD_TICKET: "Ticket number not recognised. Example: /status PKM-PAUH-2026-000123",
    ComplaintRefusal.EMPTY_NOTE: "The follow-up cannot be empty. Please write it.",
}


@escaping
class Complaints:
    language: Language  # set by the catalogue that joins the parts

    def complaint_alert(self, unit_name: str, ticket: str, text: str | None, serious: bool) -> Html:
        head = "⚠️ <b>Serious complaint</b>" if serious else "📝 <b>New complaint</b>"
        body = self.complaint_text_removed() if text is None else text
        return Html(f"{head} · {ticket}\n<b>{unit_name}</b>\n\n{body}")

    def complaint_text_removed(self) -> Html:
        return Html("<i>(Complaint text deleted at the request of the person who wrote it.)</i>")

    def complaint_edited_alert(
        self, unit_name: str, ticket: str, text: str | None, serious: bool, resubmitted: bool
    ) -> Html:
        head = "🔁 <b>Complaint filed again</b>" if resubmitted else "✏️ <b>Complaint edited</b>"
        if serious:
            head += " ⚠️ <b>serious</b>"
        body = self.complaint_text_removed() if text is None else text
        return Html(
            f"{head} · {ticket}\n<b>{unit_name}</b>\n\n{body}\n\n"
            "<i>This text replaces the earlier one; the ticket number is the same.</i>"
        )

    def complaint_withdrawn_alert(self, unit_name: str, ticket: str) -> Html:
        return Html(
            f"↩️ <b>Complaint withdrawn</b> · {ticket}\n<b>{unit_name}</b>\n\n"
            "The citizen withdrew this complaint. No follow-up is needed; it is not counted in "
            "the summaries."
        )

    def complaint_reopened_alert(
        self,
        unit_name: str,
        ticket: str,
        text: str | None,
        follow_up: str | None,
        rating: int,
    ) -> Html:
        body = self.complaint_text_removed() if text is None else text
        answer = f"\n\nEarlier follow-up:\n{follow_up}" if follow_up else ""
        return Html(
            f"🔁 <b>Complaint reopened</b> · {ticket}\n<b>{unit_name}</b>\n\n"
            f"The citizen rated the follow-up: <b>{self.rating_label(rating)}</b>.\n\n"
            f"Complaint:\n{body}{answer}"
        )

    def take_button(self) -> str:
        return "Take it on"

    def close_button(self) -> str:
        return "Close with a follow-up"

    def complaint_taken(self, ticket: str) -> str:
        return f"You are handling complaint {ticket}."

    def complaint_taken_by(self, ticket: str, name: str) -> str:
        return f"Complaint {ticket} is already being handled by {name}."

    def ask_follow_up(self, ticket: str) -> Html:
        return Html(
            f"Write the follow-up for complaint {ticket}. Your next message will be sent to the "
            "citizen. Type /batal to cancel."
        )

    def complaint_closed(self, ticket: str, sent: bool) -> Html:
        if not sent:  # filed on the web, or the citizen deleted their data: no chat to send to
            return Html(
                f"Complaint {ticket} is closed. The follow-up is not sent by chat: a complaint "
                "filed on the web shows it on the citizen's ticket page (or the citizen has "
                "deleted their data)."
            )
        return Html(f"Complaint {ticket} is closed and the follow-up was sent to the citizen.")

    def follow_up_cancelled(self, ticket: str, status: TicketStatus) -> Html:
        return Html(
            f"Cancelled: complaint {ticket} is not closed and nothing was sent to the citizen. "
            f"Its status stays: {_TICKET_STATUS[status]}."
        )

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
        return OVERALL_LABELS[score - 1]

    def rating_thanks(self) -> Html:
        return Html("Thank you for your rating.")

    def complaint_reopened_to_citizen(self, ticket: str) -> Html:
        return Html(
            f"Thank you for your rating. As you are not satisfied, complaint <b>{ticket}</b> is "
            "reopened and the unit's supervisors are told. The next answer will come to this "
            f"chat. Check its status with /status {ticket}"
        )

    def reopen_limit_to_citizen(self, ticket: str, reopens: int) -> Html:
        return Html(
            f"Thank you, your rating is recorded. Complaint <b>{ticket}</b> has already been "
            f"reopened {reopens} times, so the unit does not reopen it again. If the problem is "
            "not solved, you can take it to SP4N-LAPOR!, the national public-service complaint "
            "channel."
        )

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
