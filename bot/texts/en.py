"""English: the second language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kinerja.roles import Command
from kinerja.types import Language, Role, UnitKind

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


def _counts(counts: Mapping[str, int]) -> str:
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
    return ", ".join(parts) or "none"


class English:
    language = Language.EN

    def welcome(self, first_name: str, role: Role, person_name: str | None) -> str:
        if role is Role.CITIZEN:
            return (
                f"Hello, {first_name}! This is <b>kinerja</b>, where you rate public services."
                "\n\nAfter you have been served, scan the QR code at the service counter to "
                "fill in a short satisfaction survey. Your answers are anonymous.\n\nType /help "
                "for help."
            )
        return (
            f"Welcome, {person_name or first_name}. You are registered as {_ROLE[role]}.\n\n"
            "Type /help to see what you can do."
        )

    def help(self, role: Role, commands: Sequence[Command]) -> str:
        lines = [f"/{c.value} — {self.command_description(c)}" for c in commands]
        return f"<b>Help for {_ROLE[role]}</b>\n\n" + "\n".join(lines)

    def command_description(self, command: Command) -> str:
        return _COMMANDS[command]

    def choose_language(self) -> str:
        return "Choose a language:"

    def language_changed(self) -> str:
        return "Language changed to English."

    def not_allowed(self) -> str:
        return "Sorry, this command is not available to you. Type /help to see your options."

    def not_understood(self) -> str:
        return "Sorry, I did not understand that. Type /help to see your options."

    def stale_button(self) -> str:
        return "This button is no longer valid."

    def error_apology(self) -> str:
        return (
            "Sorry, something went wrong while handling your message. The answers you already "
            "gave are saved. Please try again in a moment."
        )

    def cancelled(self) -> str:
        return "Cancelled."

    def nothing_to_cancel(self) -> str:
        return "Nothing is in progress."

    def unit_kind(self, kind: UnitKind) -> str:
        return _KINDS[kind]

    def ops_handler_failed(self, error_name: str, update_id: int | None) -> str:
        return f"kinerja: {error_name} on update {update_id}"

    def cli_setting_problem(self, key: str, problem: str) -> str:
        return f"Setting {key} is invalid: {problem}"

    def cli_token_missing(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) "
            "and put its token in .env (see .env.example)."
        )

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
