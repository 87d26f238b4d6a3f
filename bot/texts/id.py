"""Bahasa Indonesia: the default language of every message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kinerja.roles import Command
from kinerja.types import Language, Role, UnitKind

_ROLE = {
    Role.CITIZEN: "warga",
    Role.ASN: "ASN",
    Role.SUPERVISOR: "atasan",
    Role.ADMIN: "admin",
}
_COMMANDS = {
    Command.START: "Mulai",
    Command.HELP: "Bantuan: apa yang bisa Anda lakukan di sini",
    Command.LANGUAGE: "Ganti bahasa",
    Command.CANCEL: "Batalkan langkah yang sedang berjalan",
    Command.TICKET_STATUS: "Status pengaduan Anda, misalnya /status PKM-PAUH-2026-000123",
    Command.DELETE_MY_DATA: "Hapus data pribadi Anda",
    Command.REPORT: "Laporkan hasil kerja hari ini",
    Command.HISTORY: "Riwayat laporan Anda",
    Command.LEAVE: "Catat hari cuti Anda",
    Command.TEAM_REPORTS: "Laporan staf hari ini",
    Command.SUMMARY: "Rekap IKU: minggu, bulan atau triwulan",
    Command.EXPORT: "Unduh rekap dalam Excel",
}
_KINDS = {
    UnitKind.KECAMATAN: "Kecamatan",
    UnitKind.PUSKESMAS: "Puskesmas",
    UnitKind.SERVICE_UNIT: "Unit layanan",
}
_CHANGE_KINDS = {"unit": "unit", "metric": "metrik", "indicator": "indikator"}


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {_CHANGE_KINDS[k]}" for k, n in counts.items() if n) or "tidak ada"


class Indonesian:
    language = Language.ID

    def welcome(self, first_name: str, role: Role, person_name: str | None) -> str:
        if role is Role.CITIZEN:
            return (
                f"Halo, {first_name}! Ini layanan <b>kinerja</b> untuk menilai pelayanan "
                "publik.\n\nPindai kode QR di loket unit layanan setelah Anda dilayani untuk "
                "mengisi survei kepuasan singkat. Jawaban Anda anonim.\n\nKetik /help untuk "
                "bantuan."
            )
        return (
            f"Selamat datang, {person_name or first_name}. Anda terdaftar sebagai "
            f"{_ROLE[role]}.\n\nKetik /help untuk melihat apa yang bisa Anda lakukan."
        )

    def help(self, role: Role, commands: Sequence[Command]) -> str:
        lines = [f"/{c.value} — {self.command_description(c)}" for c in commands]
        return f"<b>Bantuan untuk {_ROLE[role]}</b>\n\n" + "\n".join(lines)

    def command_description(self, command: Command) -> str:
        return _COMMANDS[command]

    def choose_language(self) -> str:
        return "Pilih bahasa:"

    def language_changed(self) -> str:
        return "Bahasa diganti ke Bahasa Indonesia."

    def not_allowed(self) -> str:
        return "Maaf, perintah ini tidak tersedia untuk Anda. Ketik /help untuk melihat pilihan."

    def not_understood(self) -> str:
        return "Maaf, saya belum mengerti pesan itu. Ketik /help untuk melihat pilihan."

    def stale_button(self) -> str:
        return "Tombol ini sudah tidak berlaku."

    def error_apology(self) -> str:
        return (
            "Maaf, terjadi gangguan saat memproses pesan Anda. Jawaban yang sudah Anda "
            "berikan tetap tersimpan. Silakan coba lagi sebentar lagi."
        )

    def cancelled(self) -> str:
        return "Dibatalkan."

    def nothing_to_cancel(self) -> str:
        return "Tidak ada yang sedang berjalan."

    def unit_kind(self, kind: UnitKind) -> str:
        return _KINDS[kind]

    def ops_handler_failed(self, error_name: str, update_id: int | None) -> str:
        return f"kinerja: galat {error_name} pada update {update_id}"

    def cli_setting_problem(self, key: str, problem: str) -> str:
        return f"Pengaturan {key} salah: {problem}"

    def cli_token_missing(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN belum diisi: buat bot di Telegram lewat @BotFather (/newbot), "
            "lalu salin tokennya ke file .env (lihat .env.example)."
        )

    def cli_catalog_error(self, file: str, line: int | None, where: str, problem: str) -> str:
        at = f"{file}, baris {line}" if line else file
        return f"Katalog ditolak ({at}, {where}): {problem}. Basis data tidak diubah."

    def cli_catalog_unreadable(self, file: str, problem: str) -> str:
        return f"Katalog {file} tidak bisa dibaca: {problem}. Basis data tidak diubah."

    def cli_catalog_loaded(
        self,
        file: str,
        created: Mapping[str, int],
        updated: Mapping[str, int],
        deactivated: Mapping[str, int],
    ) -> str:
        return (
            f"Katalog {file} dimuat. Baru: {_counts(created)}; diubah: {_counts(updated)}; "
            f"dinonaktifkan: {_counts(deactivated)}."
        )

    def cli_catalog_unchanged(self, file: str) -> str:
        return f"Katalog {file} sudah sama dengan basis data; tidak ada yang diubah."

    def cli_catalog_empty(self) -> str:
        return "Katalog masih kosong. Muat dengan: kinerja catalog load FILE"

    def cli_database_upgraded(self, revision: str) -> str:
        return f"Basis data pada revisi {revision}."

    def cli_database_unreachable(self, problem: str) -> str:
        return f"Basis data tidak dapat dihubungi (DATABASE_URL): {problem}"

    def cli_bot_starting(self, username: str, api_url: str) -> str:
        return f"Bot @{username} berjalan ({api_url}). Tekan Ctrl+C untuk berhenti."

    def cli_example_loaded(self, file: str) -> str:
        return f"Basis data kosong: katalog contoh {file} dimuat."
