"""Bahasa Indonesia: what `bot.texts.common` declares."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.markup import Html, escape, escaping
from kinerja.roles import Command
from kinerja.types import Language, Role, UnitKind

ROLE_NAMES = {
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
    Command.SUMMARY: "Rekap IKU: minggu, bulan, triwulan, semester, juga yang lalu",
    Command.EXPORT: "Unduh rekap dalam Excel",
}
_KINDS = {
    UnitKind.KECAMATAN: "Kecamatan",
    UnitKind.PUSKESMAS: "Puskesmas",
    UnitKind.SERVICE_UNIT: "Unit layanan",
}


@escaping
class Common:
    language: Language  # set by the catalogue that joins the parts

    def welcome(self, first_name: str, role: Role, person_name: str | None) -> Html:
        if role is Role.CITIZEN:
            return Html(
                f"Halo, {first_name}! Ini layanan <b>kinerja</b> untuk menilai pelayanan "
                "publik.\n\nPindai kode QR di loket unit layanan setelah Anda dilayani untuk "
                "mengisi survei kepuasan singkat. Jawaban Anda anonim.\n\nKetik /help untuk "
                "bantuan."
            )
        return Html(
            f"Selamat datang, {person_name or first_name}. Anda terdaftar sebagai "
            f"{ROLE_NAMES[role]}.\n\nKetik /help untuk melihat apa yang bisa Anda lakukan."
        )

    def help(self, role: Role, commands: Sequence[Command]) -> Html:
        lines = [f"/{c.value} — {escape(self.command_description(c))}" for c in commands]
        return Html(f"<b>Bantuan untuk {ROLE_NAMES[role]}</b>\n\n" + "\n".join(lines))

    def command_description(self, command: Command) -> str:
        return _COMMANDS[command]

    def choose_language(self) -> Html:
        return Html("Pilih bahasa:")

    def language_changed(self) -> Html:
        return Html("Bahasa diganti ke Bahasa Indonesia.")

    def not_allowed(self) -> Html:
        return Html(
            "Maaf, perintah ini tidak tersedia untuk Anda. Ketik /help untuk melihat pilihan."
        )

    def not_understood(self) -> Html:
        return Html("Maaf, saya belum mengerti pesan itu. Ketik /help untuk melihat pilihan.")

    def too_fast(self) -> Html:
        return Html(
            "Pesan Anda terlalu cepat, sehingga sebagian tidak kami proses. Mohon tunggu "
            "sebentar, lalu kirim lagi. Jawaban yang sudah tersimpan tetap aman."
        )

    def stale_button(self) -> str:
        return "Tombol ini sudah tidak berlaku."

    def error_apology(self) -> Html:
        return Html(
            "Maaf, terjadi gangguan saat memproses pesan Anda. Jawaban yang sudah Anda "
            "berikan tetap tersimpan. Silakan coba lagi sebentar lagi."
        )

    def nothing_to_cancel(self) -> Html:
        return Html("Tidak ada yang sedang berjalan.")

    def unit_kind(self, kind: UnitKind) -> str:
        return _KINDS[kind]
