"""Bahasa Indonesia: what `bot.texts.complaints` declares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.texts.format import date_time
from bot.texts.id.citizen import OVERALL_LABELS
from bot.texts.markup import Html, escaping
from kinerja.complaints import ComplaintRefusal, TicketStatus
from kinerja.types import Language

_TICKET_STATUS = {
    TicketStatus.OPEN: "diterima, menunggu ditangani",
    TicketStatus.IN_PROGRESS: "sedang ditangani",
    TicketStatus.CLOSED: "selesai ditindaklanjuti",
    TicketStatus.WITHDRAWN: "ditarik oleh Anda, tidak ditindaklanjuti",
    TicketStatus.REOPENED: "dibuka kembali, menunggu ditangani lagi",
}
_COMPLAINT_REFUSALS = {
    ComplaintRefusal.NOT_FOUND: "Pengaduan tidak ditemukan.",
    ComplaintRefusal.NOT_IN_SCOPE: "Pengaduan ini bukan dari unit yang Anda awasi.",
    ComplaintRefusal.ALREADY_CLOSED: "Pengaduan ini sudah ditutup.",
    ComplaintRefusal.ALREADY_TAKEN: "Pengaduan ini sudah ditangani.",
    ComplaintRefusal.ALREADY_RATED: "Anda sudah menilai penanganan pengaduan ini. Terima kasih.",
    ComplaintRefusal.WITHDRAWN: "Pengaduan ini sudah ditarik oleh pelapor.",
    ComplaintRefusal.BAD_TICKET: "Nomor tiket tidak dikenali. Contoh: /status PKM-PAUH-2026-000123",
    ComplaintRefusal.EMPTY_NOTE: "Tindak lanjut tidak boleh kosong. Tulis tindak lanjutnya.",
}


@escaping
class Complaints:
    language: Language  # set by the catalogue that joins the parts

    def complaint_alert(self, unit_name: str, ticket: str, text: str | None, serious: bool) -> Html:
        head = "⚠️ <b>Pengaduan serius</b>" if serious else "📝 <b>Pengaduan baru</b>"
        body = self.complaint_text_removed() if text is None else text
        return Html(f"{head} · {ticket}\n<b>{unit_name}</b>\n\n{body}")

    def complaint_text_removed(self) -> Html:
        return Html("<i>(Isi pengaduan dihapus atas permintaan pelapor.)</i>")

    def complaint_edited_alert(
        self, unit_name: str, ticket: str, text: str | None, serious: bool, resubmitted: bool
    ) -> Html:
        head = "🔁 <b>Pengaduan diajukan lagi</b>" if resubmitted else "✏️ <b>Pengaduan diubah</b>"
        if serious:
            head += " ⚠️ <b>serius</b>"
        body = self.complaint_text_removed() if text is None else text
        return Html(
            f"{head} · {ticket}\n<b>{unit_name}</b>\n\n{body}\n\n"
            "<i>Teks ini menggantikan teks sebelumnya; nomor tiketnya sama.</i>"
        )

    def complaint_withdrawn_alert(self, unit_name: str, ticket: str) -> Html:
        return Html(
            f"↩️ <b>Pengaduan ditarik</b> · {ticket}\n<b>{unit_name}</b>\n\n"
            "Pelapor menarik pengaduan ini. Tidak perlu ditindaklanjuti; pengaduan ini tidak "
            "dihitung dalam ringkasan."
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
        answer = f"\n\nTindak lanjut sebelumnya:\n{follow_up}" if follow_up else ""
        return Html(
            f"🔁 <b>Pengaduan dibuka kembali</b> · {ticket}\n<b>{unit_name}</b>\n\n"
            f"Pelapor menilai tindak lanjutnya: <b>{self.rating_label(rating)}</b>.\n\n"
            f"Pengaduan:\n{body}{answer}"
        )

    def take_button(self) -> str:
        return "Tangani"

    def close_button(self) -> str:
        return "Tutup dengan tindak lanjut"

    def complaint_taken(self, ticket: str) -> str:
        return f"Pengaduan {ticket} sedang Anda tangani."

    def complaint_taken_by(self, ticket: str, name: str) -> str:
        return f"Pengaduan {ticket} sudah ditangani oleh {name}."

    def ask_follow_up(self, ticket: str) -> Html:
        return Html(
            f"Tulis tindak lanjut untuk pengaduan {ticket}. Pesan Anda berikutnya akan dikirim "
            "kepada pelapor. Ketik /batal untuk membatalkan."
        )

    def complaint_closed(self, ticket: str, sent: bool) -> Html:
        if not sent:  # filed on the web, or the citizen deleted their data: no chat to send to
            return Html(
                f"Pengaduan {ticket} ditutup. Tindak lanjutnya tidak dikirim lewat chat: pengaduan "
                "dari web menampilkannya di halaman tiket pelapor (atau pelapor telah menghapus "
                "datanya)."
            )
        return Html(f"Pengaduan {ticket} ditutup dan tindak lanjutnya dikirim kepada pelapor.")

    def follow_up_cancelled(self, ticket: str, status: TicketStatus) -> Html:
        return Html(
            f"Dibatalkan: pengaduan {ticket} belum ditutup dan tidak ada yang dikirim kepada "
            f"pelapor. Statusnya tetap: {_TICKET_STATUS[status]}."
        )

    def complaint_refusal(self, refusal: ComplaintRefusal) -> Html:
        return Html(_COMPLAINT_REFUSALS[refusal])

    def low_score_alert(self, unit_name: str, element_names: Sequence[str]) -> Html:
        return Html(
            f"🔔 <b>{unit_name}</b>: ada warga yang memberi nilai terendah (1) untuk "
            f"{', '.join(element_names)}."
        )

    def follow_up_to_citizen(self, ticket: str, follow_up: str) -> Html:
        return Html(
            f"<b>Tindak lanjut pengaduan {ticket}</b>\n\n{follow_up}\n\n"
            "Bagaimana penanganan pengaduan Anda?"
        )

    def rating_label(self, score: int) -> str:
        return OVERALL_LABELS[score - 1]

    def rating_thanks(self) -> Html:
        return Html("Terima kasih atas penilaian Anda.")

    def complaint_reopened_to_citizen(self, ticket: str) -> Html:
        return Html(
            f"Terima kasih atas penilaian Anda. Karena Anda tidak puas, pengaduan <b>{ticket}</b> "
            "dibuka kembali dan pengawas unit diberi tahu. Jawaban berikutnya akan dikirim ke "
            f"chat ini. Cek statusnya dengan /status {ticket}"
        )

    def reopen_limit_to_citizen(self, ticket: str, reopens: int) -> Html:
        return Html(
            f"Terima kasih, penilaian Anda tercatat. Pengaduan <b>{ticket}</b> sudah dibuka "
            f"kembali {reopens} kali, jadi kali ini tidak dibuka lagi oleh unit. Jika masalahnya "
            "belum selesai, Anda dapat melanjutkannya ke SP4N-LAPOR!, kanal pengaduan pelayanan "
            "publik nasional."
        )

    def ticket_status(
        self, ticket: str, status: TicketStatus, created_at: datetime, follow_up: str | None
    ) -> Html:
        text = (
            f"<b>{ticket}</b>\nDiterima: {date_time(created_at, self.language)}\n"
            f"Status: {_TICKET_STATUS[status]}"
        )
        if follow_up:
            text += f"\n\nTindak lanjut:\n{follow_up}"
        return Html(text)

    def status_usage(self) -> Html:
        return Html("Tulis nomor tiket Anda, misalnya: /status PKM-PAUH-2026-000123")
