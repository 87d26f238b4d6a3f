"""English: what `bot.texts.common` declares."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.markup import Html, escape, escaping
from kinerja.roles import Command
from kinerja.types import Language, Role, UnitKind

ROLE_NAMES = {
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
    Command.SUMMARY: "IKU summary: a week, month, quarter or semester, also earlier ones",
    Command.EXPORT: "Download the summary as Excel",
}
_KINDS = {
    UnitKind.KECAMATAN: "District (kecamatan)",
    UnitKind.PUSKESMAS: "Community health centre (puskesmas)",
    UnitKind.SERVICE_UNIT: "Service unit",
}


@escaping
class Common:
    language: Language  # set by the catalogue that joins the parts

    def welcome(self, first_name: str, role: Role, person_name: str | None) -> Html:
        if role is Role.CITIZEN:
            return Html(
                f"Hello, {first_name}! This is <b>kinerja</b>, where you rate public services."
                "\n\nAfter you have been served, scan the QR code at the service counter to "
                "fill in a short satisfaction survey. Your answers are anonymous.\n\nType /help "
                "for help."
            )
        return Html(
            f"Welcome, {person_name or first_name}. You are registered as {ROLE_NAMES[role]}.\n\n"
            "Type /help to see what you can do."
        )

    def help(self, role: Role, commands: Sequence[Command]) -> Html:
        lines = [f"/{c.value} — {escape(self.command_description(c))}" for c in commands]
        return Html(f"<b>Help for {ROLE_NAMES[role]}</b>\n\n" + "\n".join(lines))

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

    def too_fast(self) -> Html:
        return Html(
            "Your messages came too fast, so some of them were not processed. Please wait a "
            "moment, then send again. Answers already saved are safe."
        )

    def stale_button(self) -> str:
        return "This button is no longer valid."

    def error_apology(self) -> Html:
        return Html(
            "Sorry, something went wrong while handling your message. The answers you already "
            "gave are saved. Please try again in a moment."
        )

    def nothing_to_cancel(self) -> Html:
        return Html("Nothing is in progress.")

    def unit_kind(self, kind: UnitKind) -> str:
        return _KINDS[kind]
