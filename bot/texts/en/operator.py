"""English: what `bot.texts.operator` declares."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.texts.format import date_time
from bot.texts.markup import Html, escaping
from kinerja.types import Language


def _counts(counts: Mapping[str, int]) -> str:
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
    return ", ".join(parts) or "none"


@escaping
class Operator:
    language: Language  # set by the catalogue that joins the parts

    def ops_handler_failed(self, error_name: str, update_id: int | None) -> Html:
        return Html(f"kinerja: {error_name} on update {update_id}")

    def cli_setting_problem(self, key: str, problem: str) -> str:
        return f"Setting {key} is invalid: {problem}"

    def cli_token_missing(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) "
            "and put its token in .env (see .env.example)."
        )

    def cli_web_only(self, address: str) -> str:
        return (
            f"TELEGRAM_BOT_TOKEN is not set, so only the web survey runs: {address}/s/u_UNIT-CODE "
            "(see `kinerja link UNIT-CODE`). Citizens' answers are stored; supervisors' alerts "
            "wait until the bot runs. For the Telegram bot: create one with @BotFather "
            "(/newbot), put its token in .env, and run again."
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

    def cli_unknown_unit(self, code: str) -> str:
        return f"Unit {code} is not in the catalogue. List the units with: kinerja catalog show"

    def cli_bot_username_needed(self) -> str:
        return (
            "The bot's username is unknown: set KINERJA_BOT_USERNAME, or TELEGRAM_BOT_TOKEN so "
            "that it can be asked from Telegram."
        )

    def cli_survey_links(self, web: str, telegram: str) -> str:
        return f"Web (the poster, for everyone): {web}\nTelegram (direct):              {telegram}"

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

    def cli_audit_columns(self) -> tuple[str, str, str, str, str]:
        return ("at", "actor", "action", "subject", "details")

    def cli_audit_withheld(self) -> str:
        return "(withheld: personal data)"

    def cli_audit_empty(self) -> str:
        return "No audit entries match."

    def cli_audit_limited(self, limit: int) -> str:
        return f"Only the {limit} newest entries are shown; see more with --limit."

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

    def chat_opening(self, database: str, catalogue_from_database: bool) -> str:
        catalogue = (
            "copied from the kinerja database"
            if catalogue_from_database
            else "the example examples/pauh.yaml, as the kinerja database has none yet"
        )
        return (
            f"Trying it out on a separate database, {database}: the people, reports and "
            "answers here stay out of the kinerja database and its summaries. Units and IKU: "
            f"{catalogue}. To start over: --fresh.\n"
            "Buttons are numbers: type one to tap it ('12 always sends the text 12); "
            "/foto FILE sends a photo; /keluar ends."
        )

    def chat_popup(self, text: str, alert: bool) -> str:
        return f"   {'⚠️ pop-up' if alert else '💬 notice'}: {text}"
