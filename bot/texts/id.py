"""Bahasa Indonesia: the default language of every message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.texts.format import date_time
from kinerja.complaints import LAPOR_URL, ComplaintRefusal, TicketStatus
from kinerja.roles import Command
from kinerja.skm import ELEMENT_NAMES, OFFICIAL_LABELS
from kinerja.survey import AnswerProblem, Note, Refusal, Step
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
_QUESTIONS = {
    "U1": "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanan yang Anda terima?",
    "U2": "Bagaimana kemudahan prosedur pelayanan di unit ini?",
    "U3": "Bagaimana kecepatan waktu pelayanan?",
    "U4": "Bagaimana kewajaran biaya atau tarif pelayanan?",
    "U5": "Bagaimana kesesuaian hasil pelayanan dengan standar yang dijanjikan?",
    "U6": "Bagaimana kemampuan (kompetensi) petugas dalam melayani?",
    "U7": "Bagaimana kesopanan dan keramahan petugas?",
    "U8": "Bagaimana kualitas sarana dan prasarana (ruang tunggu, toilet, kebersihan)?",
    "U9": "Bagaimana penanganan pengaduan, saran dan masukan di unit ini?",
}
_OVERALL = ("Tidak puas", "Kurang puas", "Puas", "Sangat puas")
_WAITING = {
    "<15": "Kurang dari 15 menit",
    "15-30": "15–30 menit",
    "30-60": "30–60 menit",
    "60-120": "1–2 jam",
    ">120": "Lebih dari 2 jam",
}
_PROFILE_QUESTIONS = {
    Step.SEX: "Jenis kelamin Anda?",
    Step.AGE: "Umur Anda?",
    Step.EDUCATION: "Pendidikan terakhir Anda?",
    Step.OCCUPATION: "Pekerjaan utama Anda?",
}
_PROFILE_LABELS = {
    "L": "Laki-laki",
    "P": "Perempuan",
    "<20": "Di bawah 20 tahun",
    "20-29": "20–29 tahun",
    "30-39": "30–39 tahun",
    "40-49": "40–49 tahun",
    "50-59": "50–59 tahun",
    "60+": "60 tahun ke atas",
    "SD": "SD atau sederajat",
    "SMP": "SMP atau sederajat",
    "SMA": "SMA atau sederajat",
    "D1-D3": "Diploma (D1–D3)",
    "D4-S1": "Sarjana (D4/S1)",
    "S2+": "Pascasarjana (S2/S3)",
    "PNS": "PNS/ASN",
    "TNI/POLRI": "TNI/Polri",
    "SWASTA": "Pegawai swasta",
    "WIRAUSAHA": "Wirausaha",
    "PELAJAR": "Pelajar/mahasiswa",
    "LAINNYA": "Lainnya",
}
_NOTES = {
    Note.RESUMED: "Selamat datang kembali, survei Anda kami lanjutkan.",
    Note.NEED_BUTTON: "Silakan jawab dengan menekan salah satu tombol di bawah.",
    Note.PHOTO_RECORDED: "Foto diterima.",
    Note.PHOTO_TOO_LARGE: "Foto terlalu besar. Kirim foto yang lebih kecil, atau lewati.",
}
_PROBLEMS = {
    AnswerProblem.NOT_A_NUMBER: "Tulis lama menunggu dalam menit, misalnya 45.",
    AnswerProblem.OUT_OF_RANGE: "Lama menunggu harus antara 0 dan 600 menit.",
    AnswerProblem.EMPTY: "Pesan Anda kosong. Tulis pengaduan atau saran Anda, atau lewati.",
    AnswerProblem.TOO_LONG: "Pesan terlalu panjang (paling banyak 2.000 huruf). Mohon dipersingkat.",
    AnswerProblem.NOT_SKIPPABLE: "Pertanyaan ini perlu dijawab.",
    AnswerProblem.UNKNOWN_CHOICE: "Pilihan itu tidak tersedia.",
}
_REFUSALS = {
    Refusal.UNKNOWN_LINK: "Tautan ini tidak dikenal. Pindai kode QR di loket unit layanan.",
    Refusal.UNKNOWN_UNIT: "Unit layanan ini tidak ditemukan. Pindai kode QR di loket unit layanan.",
    Refusal.VISIT_FORGED: "Kode pada tiket ini tidak sah.",
    Refusal.VISIT_EXPIRED: "Kode pada tiket ini sudah kedaluwarsa.",
    Refusal.VISIT_USED: "Kode pada tiket ini sudah pernah dipakai.",
    Refusal.STALE: "Tombol ini sudah tidak berlaku.",
    Refusal.EXPIRED: (
        "Survei ini sudah ditutup karena lama tidak dilanjutkan. Jawaban Anda tetap "
        "tersimpan. Pindai kode QR lagi untuk mengisi survei baru."
    ),
    Refusal.NO_SURVEY: "Tidak ada survei yang sedang berjalan.",
}
_TICKET_STATUS = {
    TicketStatus.OPEN: "diterima, menunggu ditangani",
    TicketStatus.IN_PROGRESS: "sedang ditangani",
    TicketStatus.CLOSED: "selesai ditindaklanjuti",
}
_COMPLAINT_REFUSALS = {
    ComplaintRefusal.NOT_FOUND: "Pengaduan tidak ditemukan.",
    ComplaintRefusal.NOT_IN_SCOPE: "Pengaduan ini bukan dari unit yang Anda awasi.",
    ComplaintRefusal.ALREADY_CLOSED: "Pengaduan ini sudah ditutup.",
    ComplaintRefusal.ALREADY_TAKEN: "Pengaduan ini sudah ditangani.",
    ComplaintRefusal.ALREADY_RATED: "Anda sudah menilai penanganan pengaduan ini. Terima kasih.",
    ComplaintRefusal.BAD_TICKET: "Nomor tiket tidak dikenali. Contoh: /status PKM-PAUH-2026-000123",
    ComplaintRefusal.EMPTY_NOTE: "Tindak lanjut tidak boleh kosong. Tulis tindak lanjutnya.",
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

    # -- citizen survey ---------------------------------------------------------------

    def consent_notice(self, unit_name: str, retention_days: int, verified: bool) -> str:
        return (
            f"<b>Survei Kepuasan Masyarakat — {unit_name}</b>\n\n"
            "Terima kasih sudah berkunjung. Kami ingin tahu pendapat Anda tentang pelayanan tadi "
            "(9 pertanyaan singkat, lama menunggu, dan pengaduan atau saran bila ada).\n\n"
            "• Untuk apa: menilai dan memperbaiki pelayanan (PermenPAN-RB 14/2017).\n"
            "• Anonim: petugas tidak pernah melihat siapa yang menjawab. Kami tidak menyimpan "
            "nama, nomor HP, atau NIK Anda; akun Telegram Anda hanya disimpan sebagai kode acak "
            "agar satu orang tidak menjawab dua kali.\n"
            "• Bila Anda menulis pengaduan, kami menyimpan chat ini untuk mengirim jawabannya.\n"
            f"• Disimpan paling lama {retention_days} hari; setelah itu hanya angka rekap yang "
            "tersisa. Anda bisa menghapus data Anda kapan saja dengan /hapus.\n\n"
            "Bersedia mengisi survei?"
        )

    def consent_agree(self) -> str:
        return "Ya, saya bersedia"

    def consent_decline(self) -> str:
        return "Tidak, terima kasih"

    def consent_declined(self) -> str:
        return "Baik, tidak ada yang kami simpan. Terima kasih atas kunjungan Anda."

    def survey_header(self, unit_name: str, position: int, total: int) -> str:
        return f"<b>{unit_name}</b> · pertanyaan {position} dari {total}"

    def element_question(self, code: str) -> str:
        return _QUESTIONS[code]

    def element_label(self, code: str, score: int) -> str:
        return OFFICIAL_LABELS[code][score - 1]

    def element_name(self, code: str) -> str:
        return ELEMENT_NAMES[code]

    def overall_question(self) -> str:
        return "Secara keseluruhan, seberapa puas Anda dengan pelayanan tadi?"

    def overall_label(self, score: int) -> str:
        return _OVERALL[score - 1]

    def waiting_question(self) -> str:
        return (
            "Berapa lama Anda menunggu sampai dilayani? Pilih di bawah, atau tulis jumlah "
            "menitnya (misalnya 45)."
        )

    def waiting_range(self, code: str) -> str:
        return _WAITING[code]

    def complaint_question(self) -> str:
        return (
            "Ada pengaduan atau saran? Tulis di sini dan kirim. Pengaduan akan mendapat nomor "
            "tiket dan jawaban di chat ini."
        )

    def no_complaint_button(self) -> str:
        return "Tidak ada"

    def photo_question(self) -> str:
        return "Ingin melampirkan foto (misalnya kondisi ruangan)? Kirim fotonya, atau lewati."

    def no_photo_button(self) -> str:
        return "Tanpa foto"

    def importance_question(self) -> str:
        return "Dari semua hal tadi, mana yang paling penting bagi Anda?"

    def profile_question(self, step: Step) -> str:
        return _PROFILE_QUESTIONS[step] + " (boleh dilewati)"

    def profile_label(self, step: Step, code: str) -> str:
        return _PROFILE_LABELS[code]

    def skip_button(self) -> str:
        return "Lewati"

    def back_button(self) -> str:
        return "« Kembali"

    def survey_note(self, note: Note, ticket: str | None) -> str:
        if note is Note.COMPLAINT_RECORDED:
            return f"Pengaduan Anda tercatat dengan nomor tiket <b>{ticket}</b>."
        return _NOTES[note]

    def answer_problem(self, problem: AnswerProblem) -> str:
        return _PROBLEMS[problem]

    def survey_thanks(self, ticket: str | None) -> str:
        text = "<b>Terima kasih!</b> Jawaban Anda sudah kami simpan dan akan dipakai untuk "
        text += "memperbaiki pelayanan."
        if ticket:
            text += (
                f"\n\nPengaduan Anda bernomor <b>{ticket}</b>. Jawabannya akan dikirim ke chat "
                f"ini. Cek statusnya kapan saja dengan /status {ticket}"
            )
        return text

    def lapor_offer(self, ticket: str, unit_name: str) -> str:
        return (
            "Pengaduan Anda menyangkut hal yang serius. Selain kepada unit, Anda juga dapat "
            "melapor ke SP4N-LAPOR!, kanal pengaduan pelayanan publik nasional. Salin teks ini:"
            f"\n\n<code>Pengaduan pelayanan di {unit_name} (tiket {ticket}): </code>"
            f"\n\n{LAPOR_URL}"
        )

    def lapor_button(self) -> str:
        return "Lapor ke SP4N-LAPOR!"

    def survey_refusal(self, reason: Refusal, unit_name: str | None) -> str:
        if reason is Refusal.ALREADY_ANSWERED:
            return (
                f"Anda sudah mengisi survei untuk {unit_name} hari ini. Terima kasih! Silakan "
                "isi lagi pada kunjungan berikutnya."
            )
        text = _REFUSALS[reason]
        if unit_name and reason in (
            Refusal.VISIT_FORGED,
            Refusal.VISIT_EXPIRED,
            Refusal.VISIT_USED,
        ):
            text += f" Anda tetap bisa mengisi survei untuk {unit_name} tanpa kode tiket."
        return text

    def poster_button(self) -> str:
        return "Isi survei tanpa tiket"

    def survey_cancelled(self) -> str:
        return "Survei dibatalkan. Jawaban yang sudah diberikan tidak dihitung."

    def unsupported_message(self) -> str:
        return "Maaf, jenis pesan ini tidak dapat kami proses. Kirim teks, foto, atau tekan tombol."

    # -- complaints -------------------------------------------------------------------

    def complaint_alert(self, unit_name: str, ticket: str, text: str, serious: bool) -> str:
        head = "⚠️ <b>Pengaduan serius</b>" if serious else "📝 <b>Pengaduan baru</b>"
        return f"{head} · {ticket}\n<b>{unit_name}</b>\n\n{text}"

    def take_button(self) -> str:
        return "Tangani"

    def close_button(self) -> str:
        return "Tutup dengan tindak lanjut"

    def complaint_taken(self, ticket: str) -> str:
        return f"Pengaduan {ticket} sedang Anda tangani."

    def ask_follow_up(self, ticket: str) -> str:
        return (
            f"Tulis tindak lanjut untuk pengaduan {ticket}. Pesan Anda berikutnya akan dikirim "
            "kepada pelapor. Ketik /batal untuk membatalkan."
        )

    def complaint_closed(self, ticket: str) -> str:
        return f"Pengaduan {ticket} ditutup dan tindak lanjutnya dikirim kepada pelapor."

    def complaint_refusal(self, refusal: ComplaintRefusal) -> str:
        return _COMPLAINT_REFUSALS[refusal]

    def low_score_alert(self, unit_name: str, element_names: Sequence[str]) -> str:
        return (
            f"🔔 <b>{unit_name}</b>: ada warga yang memberi nilai terendah (1) untuk "
            f"{', '.join(element_names)}."
        )

    def follow_up_to_citizen(self, ticket: str, follow_up: str) -> str:
        return (
            f"<b>Tindak lanjut pengaduan {ticket}</b>\n\n{follow_up}\n\n"
            "Bagaimana penanganan pengaduan Anda?"
        )

    def rating_label(self, score: int) -> str:
        return _OVERALL[score - 1]

    def rating_thanks(self) -> str:
        return "Terima kasih atas penilaian Anda."

    def ticket_status(
        self, ticket: str, status: TicketStatus, created_at: datetime, follow_up: str | None
    ) -> str:
        text = (
            f"<b>{ticket}</b>\nDiterima: {date_time(created_at, self.language)}\n"
            f"Status: {_TICKET_STATUS[status]}"
        )
        if follow_up:
            text += f"\n\nTindak lanjut:\n{follow_up}"
        return text

    def status_usage(self) -> str:
        return "Tulis nomor tiket Anda, misalnya: /status PKM-PAUH-2026-000123"

    # -- privacy ----------------------------------------------------------------------

    def delete_confirm(self) -> str:
        return (
            "Hapus data pribadi Anda? Kode akun Anda akan dilepas dari semua jawaban survei, "
            "profil responden dihapus, dan teks serta foto pengaduan Anda dihapus (nomor tiketnya "
            "tetap ada). Jawaban survei tetap dihitung dalam rekap tanpa identitas."
        )

    def delete_yes(self) -> str:
        return "Ya, hapus"

    def delete_no(self) -> str:
        return "Batal"

    def delete_done(self, responses: int, complaints: int) -> str:
        return (
            f"Selesai. {responses} jawaban survei tidak lagi terhubung dengan akun Anda, dan "
            f"{complaints} pengaduan dihapus isinya. Pilihan bahasa Anda juga dihapus."
        )

    def delete_kept(self) -> str:
        return "Baik, tidak ada yang dihapus."

    def cli_unknown_unit(self, code: str) -> str:
        return f"Unit {code} tidak ada di katalog. Lihat daftar unit dengan: kinerja catalog show"

    def cli_bot_username_needed(self) -> str:
        return (
            "Nama bot tidak diketahui: isi KINERJA_BOT_USERNAME, atau TELEGRAM_BOT_TOKEN agar "
            "namanya ditanyakan ke Telegram."
        )

    def cli_file_written(self, path: str, rows: int) -> str:
        return f"{path} ditulis ({rows} baris)."

    def poster_instruction(self) -> str:
        return "Pindai kode QR ini dengan kamera HP setelah dilayani untuk menilai pelayanan kami."

    def poster_footer(self) -> str:
        return "Survei Kepuasan Masyarakat · anonim · sekitar 1 menit"
