"""Bahasa Indonesia: the default language of every message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from bot.texts.format import date_time, long_date, number, percent
from bot.texts.markup import Html, escape, escaping
from kinerja.capaian import Capaian
from kinerja.complaints import LAPOR_URL, ComplaintRefusal, TicketStatus
from kinerja.periods import Period
from kinerja.roles import Command
from kinerja.skm import ELEMENT_NAMES, KINERJA_UNIT, OFFICIAL_LABELS, Mutu
from kinerja.staff import (
    LEAVE_DAYS_BACK,
    LEAVE_MAX_SPAN,
    InviteRefusal,
    LeaveProblem,
    ReportRefusal,
    ValueProblem,
)
from kinerja.summary import Measure
from kinerja.summary import Status as SummaryStatus
from kinerja.survey import AnswerProblem, Note, Refusal, Step
from kinerja.types import Language, Metric, MetricType, Role, UnitKind

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
_INVITE_REFUSALS = {
    InviteRefusal.UNKNOWN: "Tautan undangan ini tidak dikenal. Minta tautan baru kepada admin.",
    InviteRefusal.USED: "Tautan undangan ini sudah dipakai. Minta tautan baru kepada admin bila perlu.",
    InviteRefusal.EXPIRED: "Tautan undangan ini sudah kedaluwarsa. Minta tautan baru kepada admin.",
    InviteRefusal.RATE_LIMITED: "Terlalu banyak percobaan. Silakan coba lagi dalam satu jam.",
    InviteRefusal.ACCOUNT_TAKEN: "Akun Telegram ini sudah terdaftar untuk orang lain. Satu akun hanya untuk satu orang.",
    InviteRefusal.DECLINED: "Baik, pendaftaran dibatalkan. Hubungi admin bila data pada undangan keliru.",
}
_REPORT_REFUSALS = {
    ReportRefusal.NOT_STAFF: "Maaf, fitur ini hanya untuk ASN yang sudah terdaftar lewat undangan.",
    ReportRefusal.NO_METRICS: "Unit Anda belum memiliki kegiatan yang dilaporkan. Hubungi admin.",
    ReportRefusal.STALE: "Tombol ini sudah tidak berlaku. Ketik /lapor untuk mulai lagi.",
    ReportRefusal.DAY_CLOSED: "Tanggal itu tidak bisa dilaporkan lagi. Ketik /lapor untuk laporan hari ini.",
    ReportRefusal.NOT_IN_SCOPE: "Unit itu tidak ada atau tidak berada di bawah pengawasan Anda.",
}
_LEAVE_PROBLEMS = {
    LeaveProblem.ENDS_BEFORE_START: "Tanggal terakhir cuti lebih awal dari tanggal pertamanya. Tulis tanggal pertama dulu, misalnya /cuti 2026-12-28 2026-12-31",
    LeaveProblem.TOO_FAR_BACK: f"Cuti hanya bisa dicatat paling lama {LEAVE_DAYS_BACK} hari ke belakang.",
    LeaveProblem.TOO_FAR_AHEAD: "Cuti hanya bisa dicatat paling jauh satu tahun ke depan. Periksa kembali tanggalnya.",
    LeaveProblem.TOO_LONG: f"Satu kali pencatatan cuti paling panjang {LEAVE_MAX_SPAN + 1} hari. Catat cuti yang lebih panjang dalam beberapa bagian.",
}
_VALUE_PROBLEMS = {
    ValueProblem.NOT_A_NUMBER: "Tulis angka saja, misalnya 35.",
    ValueProblem.NOT_WHOLE: "Tulis bilangan bulat, misalnya 35.",
    ValueProblem.NEGATIVE: "Angka tidak boleh negatif.",
    ValueProblem.RATIO_FORMAT: "Tulis dua angka dengan garis miring: patuh/diamati, misalnya 17/20.",
    ValueProblem.NUMERATOR_ABOVE_DENOMINATOR: "Angka pertama (patuh) tidak boleh lebih besar dari angka kedua (diamati).",
    ValueProblem.ZERO_DENOMINATOR: "Jumlah yang diamati tidak boleh nol.",
}
_MARKERS = {
    SummaryStatus.MET: "✅",
    SummaryStatus.NEAR: "🟡",
    SummaryStatus.BELOW: "🔴",
    SummaryStatus.NO_DATA: "⚪",
}
_CHANGE_KINDS = {"unit": "unit", "metric": "metrik", "indicator": "indikator"}


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {_CHANGE_KINDS[k]}" for k, n in counts.items() if n) or "tidak ada"


@escaping
class Indonesian:
    language = Language.ID

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
            f"{_ROLE[role]}.\n\nKetik /help untuk melihat apa yang bisa Anda lakukan."
        )

    def help(self, role: Role, commands: Sequence[Command]) -> Html:
        lines = [f"/{c.value} — {escape(self.command_description(c))}" for c in commands]
        return Html(f"<b>Bantuan untuk {_ROLE[role]}</b>\n\n" + "\n".join(lines))

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

    def stale_button(self) -> str:
        return "Tombol ini sudah tidak berlaku."

    def error_apology(self) -> Html:
        return Html(
            "Maaf, terjadi gangguan saat memproses pesan Anda. Jawaban yang sudah Anda "
            "berikan tetap tersimpan. Silakan coba lagi sebentar lagi."
        )

    def cancelled(self) -> Html:
        return Html("Dibatalkan.")

    def nothing_to_cancel(self) -> Html:
        return Html("Tidak ada yang sedang berjalan.")

    def unit_kind(self, kind: UnitKind) -> str:
        return _KINDS[kind]

    def ops_handler_failed(self, error_name: str, update_id: int | None) -> Html:
        return Html(f"kinerja: galat {error_name} pada update {update_id}")

    def cli_setting_problem(self, key: str, problem: str) -> str:
        return f"Pengaturan {key} salah: {problem}"

    def cli_token_missing(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN belum diisi: buat bot di Telegram lewat @BotFather (/newbot), "
            "lalu salin tokennya ke file .env (lihat .env.example)."
        )

    def cli_token_rejected(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN ditolak oleh Bot API: salin ulang token dari @BotFather "
            "(/mybots, API Token) ke file .env."
        )

    def cli_bot_api_error(self, api_url: str, problem: str) -> str:
        return f"Galat dari Bot API {api_url} (TELEGRAM_API_URL): {problem}"

    def cli_secret_key_weak(self) -> str:
        return (
            "KINERJA_SECRET_KEY kosong atau kurang dari 32 karakter: jalankan `kinerja init-env` "
            "(menulis kunci acak ke .env, sekali) atau isi dengan hasil "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`. Hanya untuk mencoba tanpa data sungguhan: '
            "KINERJA_ENVIRONMENT=development."
        )

    def cli_development_key(self) -> str:
        return (
            "kunci pengembangan yang diketahui umum: siapa pun dapat memalsukan tautan kunjungan "
            "dan membuka hash identitas; jalankan `kinerja init-env`"
        )

    def cli_secret_key_written(self, file: str) -> str:
        return (
            f"KINERJA_SECRET_KEY acak ditulis ke {file}. Simpan salinannya di tempat aman: "
            "menggantinya memutus identitas yang tersimpan."
        )

    def cli_secret_key_kept(self) -> str:
        return "KINERJA_SECRET_KEY sudah diisi (lingkungan atau .env); tidak diubah."

    def cli_unexpected_error(self, problem: str) -> str:
        return f"kinerja berhenti karena galat: {problem}"

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

    def consent_notice(self, unit_name: str, retention_days: int, verified: bool) -> Html:
        return Html(
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

    def consent_declined(self) -> Html:
        return Html("Baik, tidak ada yang kami simpan. Terima kasih atas kunjungan Anda.")

    def survey_header(self, unit_name: str, position: int, total: int) -> Html:
        return Html(f"<b>{unit_name}</b> · pertanyaan {position} dari {total}")

    def element_question(self, code: str) -> Html:
        return Html(_QUESTIONS[code])

    def element_label(self, code: str, score: int) -> str:
        return OFFICIAL_LABELS[code][score - 1]

    def element_name(self, code: str) -> str:
        return ELEMENT_NAMES[code]

    def overall_question(self) -> Html:
        return Html("Secara keseluruhan, seberapa puas Anda dengan pelayanan tadi?")

    def overall_label(self, score: int) -> str:
        return _OVERALL[score - 1]

    def waiting_question(self) -> Html:
        return Html(
            "Berapa lama Anda menunggu sampai dilayani? Pilih di bawah, atau tulis jumlah "
            "menitnya (misalnya 45)."
        )

    def waiting_range(self, code: str) -> str:
        return _WAITING[code]

    def complaint_question(self) -> Html:
        return Html(
            "Ada pengaduan atau saran? Tulis di sini dan kirim. Pengaduan akan mendapat nomor "
            "tiket dan jawaban di chat ini."
        )

    def no_complaint_button(self) -> str:
        return "Tidak ada"

    def photo_question(self) -> Html:
        return Html(
            "Ingin melampirkan foto (misalnya kondisi ruangan)? Kirim fotonya, atau lewati."
        )

    def no_photo_button(self) -> str:
        return "Tanpa foto"

    def importance_question(self) -> Html:
        return Html("Dari semua hal tadi, mana yang paling penting bagi Anda?")

    def profile_question(self, step: Step) -> Html:
        return Html(_PROFILE_QUESTIONS[step] + " (boleh dilewati)")

    def profile_label(self, step: Step, code: str) -> str:
        return _PROFILE_LABELS[code]

    def skip_button(self) -> str:
        return "Lewati"

    def back_button(self) -> str:
        return "« Kembali"

    def survey_note(self, note: Note, ticket: str | None) -> Html:
        if note is Note.COMPLAINT_RECORDED:
            return Html(f"Pengaduan Anda tercatat dengan nomor tiket <b>{ticket}</b>.")
        return Html(_NOTES[note])

    def answer_problem(self, problem: AnswerProblem) -> Html:
        return Html(_PROBLEMS[problem])

    def survey_thanks(self, ticket: str | None) -> Html:
        text = "<b>Terima kasih!</b> Jawaban Anda sudah kami simpan dan akan dipakai untuk "
        text += "memperbaiki pelayanan."
        if ticket:
            text += (
                f"\n\nPengaduan Anda bernomor <b>{ticket}</b>. Jawabannya akan dikirim ke chat "
                f"ini. Cek statusnya kapan saja dengan /status {ticket}"
            )
        return Html(text)

    def lapor_offer(self, ticket: str, unit_name: str) -> Html:
        return Html(
            "Pengaduan Anda menyangkut hal yang serius. Selain kepada unit, Anda juga dapat "
            "melapor ke SP4N-LAPOR!, kanal pengaduan pelayanan publik nasional. Salin teks ini:"
            f"\n\n<code>Pengaduan pelayanan di {unit_name} (tiket {ticket}): </code>"
            f"\n\n{LAPOR_URL}"
        )

    def lapor_button(self) -> str:
        return "Lapor ke SP4N-LAPOR!"

    def survey_refusal(self, reason: Refusal, unit_name: str | None) -> Html:
        if reason is Refusal.ALREADY_ANSWERED:
            return Html(
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
        return Html(text)

    def poster_button(self) -> str:
        return "Isi survei tanpa tiket"

    def survey_cancelled(self) -> Html:
        return Html("Survei dibatalkan. Jawaban yang sudah diberikan tidak dihitung.")

    def unsupported_message(self) -> Html:
        return Html(
            "Maaf, jenis pesan ini tidak dapat kami proses. Kirim teks, foto, atau tekan tombol."
        )

    # -- complaints -------------------------------------------------------------------

    def complaint_alert(self, unit_name: str, ticket: str, text: str | None, serious: bool) -> Html:
        head = "⚠️ <b>Pengaduan serius</b>" if serious else "📝 <b>Pengaduan baru</b>"
        body = self.complaint_text_removed() if text is None else text
        return Html(f"{head} · {ticket}\n<b>{unit_name}</b>\n\n{body}")

    def complaint_text_removed(self) -> Html:
        return Html("<i>(Isi pengaduan dihapus atas permintaan pelapor.)</i>")

    def take_button(self) -> str:
        return "Tangani"

    def close_button(self) -> str:
        return "Tutup dengan tindak lanjut"

    def complaint_taken(self, ticket: str) -> str:
        return f"Pengaduan {ticket} sedang Anda tangani."

    def ask_follow_up(self, ticket: str) -> Html:
        return Html(
            f"Tulis tindak lanjut untuk pengaduan {ticket}. Pesan Anda berikutnya akan dikirim "
            "kepada pelapor. Ketik /batal untuk membatalkan."
        )

    def complaint_closed(self, ticket: str) -> Html:
        return Html(f"Pengaduan {ticket} ditutup dan tindak lanjutnya dikirim kepada pelapor.")

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
        return _OVERALL[score - 1]

    def rating_thanks(self) -> Html:
        return Html("Terima kasih atas penilaian Anda.")

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

    # -- privacy ----------------------------------------------------------------------

    def delete_confirm(self, cooldown_hours: int) -> Html:
        until = "akhir hari ini" if not cooldown_hours else f"{cooldown_hours} jam setelah survei"
        return Html(
            "Hapus data pribadi Anda? Kode akun Anda akan dilepas dari semua jawaban survei, "
            "profil responden dihapus, dan teks, foto, serta balasan tindak lanjut pengaduan Anda "
            "dihapus, termasuk pesan yang belum terkirim (nomor tiketnya tetap ada). Jawaban "
            "survei tetap dihitung dalam rekap tanpa identitas.\n\n"
            "Agar penghapusan tidak dipakai untuk menilai unit yang sama berulang kali, kami "
            "menyimpan sebuah kode penanda per unit yang Anda nilai, yang tidak dapat dikembalikan "
            f"menjadi akun Anda dan tidak terhubung ke jawaban Anda, sampai {until}."
        )

    def delete_yes(self) -> str:
        return "Ya, hapus"

    def delete_no(self) -> str:
        return "Batal"

    def delete_done(self, responses: int, complaints: int) -> Html:
        return Html(
            f"Selesai. {responses} jawaban survei tidak lagi terhubung dengan akun Anda, dan "
            f"{complaints} pengaduan dihapus isinya. Pilihan bahasa Anda juga dihapus."
        )

    def delete_kept(self) -> Html:
        return Html("Baik, tidak ada yang dihapus.")

    def cli_unknown_unit(self, code: str) -> str:
        return f"Unit {code} tidak ada di katalog. Lihat daftar unit dengan: kinerja catalog show"

    def cli_bot_username_needed(self) -> str:
        return (
            "Nama bot tidak diketahui: isi KINERJA_BOT_USERNAME, atau TELEGRAM_BOT_TOKEN agar "
            "namanya ditanyakan ke Telegram."
        )

    def cli_file_written(self, path: str, rows: int) -> str:
        return f"{path} ditulis ({rows} baris)."

    def cli_output_is_database(self, option: str, path: str) -> str:
        return (
            f"{option} {path} adalah berkas basis data kinerja yang sedang dipakai; "
            "pilih berkas lain. Tidak ada yang ditulis."
        )

    def cli_output_holds_database(self, option: str, path: str) -> str:
        return (
            f"{option} {path} berisi basis data kinerja yang sedang dipakai, dan demo mengosongkan "
            "folder ini; pilih folder lain. Tidak ada yang diubah."
        )

    def poster_instruction(self) -> str:
        return "Pindai kode QR ini dengan kamera HP setelah dilayani untuk menilai pelayanan kami."

    def poster_footer(self) -> str:
        return "Survei Kepuasan Masyarakat · anonim · sekitar 1 menit"

    # -- staff registration -------------------------------------------------------------

    def invite_prompt(self, name: str, masked_nip: str, role: Role, unit_name: str) -> Html:
        return Html(
            f"Undangan kinerja untuk <b>{name}</b> (NIP {masked_nip}), sebagai {_ROLE[role]} "
            f"di {unit_name}.\n\nApakah ini Anda?"
        )

    def invite_yes(self) -> str:
        return "Ya, ini saya"

    def invite_no(self) -> str:
        return "Bukan saya"

    def invite_refusal(self, reason: InviteRefusal) -> Html:
        return Html(_INVITE_REFUSALS[reason])

    def registered(self, name: str, role: Role) -> Html:
        return Html(
            f"Terima kasih, {name}. Akun Anda terdaftar sebagai {_ROLE[role]}.\n\n"
            "Ketik /lapor untuk melaporkan hasil kerja hari ini, atau /help untuk semua perintah."
        )

    # -- ASN daily reports --------------------------------------------------------------

    def metric_name(self, metric: Metric) -> str:
        return metric.name

    def quantity(self, metric: Metric, value: Decimal, denominator: Decimal | None) -> str:
        places = 0 if metric.type is not MetricType.DECIMAL else 2
        if denominator is not None:
            return (
                f"{number(value, self.language, 0)} dari {number(denominator, self.language, 0)} "
                f"{metric.unit_of_measure}"
            )
        return f"{number(value, self.language, places)} {metric.unit_of_measure}"

    def report_menu(self, day: date, saved: str | None) -> Html:
        head = f"✅ Tersimpan: {saved}\n\n" if saved else ""
        return Html(
            f"{head}<b>Laporan {long_date(day, self.language)}</b>\nPilih kegiatan yang dilaporkan:"
        )

    def other_day_button(self, day: date) -> str:
        return f"📅 Ganti ke {long_date(day, self.language)}"

    def finish_button(self) -> str:
        return "Selesai"

    def ask_value(self, metric: Metric, day: date, existing: str | None) -> Html:
        if metric.type is MetricType.RATIO:
            how = "Tulis jumlah yang patuh dan yang diamati, misalnya 17/20."
        else:
            how = f"Tulis jumlahnya ({metric.unit_of_measure}), misalnya 35."
        text = f"<b>{metric.name}</b> · {long_date(day, self.language)}\n{how}"
        if existing:
            text += f"\n\nSudah dilaporkan: {existing}. Laporan baru akan menggantikannya."
        return Html(text)

    def value_problem(self, problem: ValueProblem, metric: Metric) -> Html:
        if problem is ValueProblem.TOO_LARGE:
            return Html(
                f"Angka terlalu besar: paling banyak {number(metric.maximum, self.language, 0)}."
            )
        if problem is ValueProblem.TOO_SMALL:
            return Html(
                f"Angka terlalu kecil: paling sedikit {number(metric.minimum, self.language, 0)}."
            )
        return Html(_VALUE_PROBLEMS[problem])

    def ask_note(self) -> Html:
        return Html("Tambahkan catatan singkat (opsional), atau lewati.")

    def skip_note_button(self) -> str:
        return "Tanpa catatan"

    def ask_evidence(self) -> Html:
        return Html("Kirim foto bukti dukung (opsional), atau lewati.")

    def skip_evidence_button(self) -> str:
        return "Tanpa bukti"

    def confirm_report(
        self,
        metric: Metric,
        day: date,
        quantity: str,
        note: str | None,
        has_evidence: bool,
        replaces: str | None,
    ) -> Html:
        lines = [
            "<b>Periksa laporan Anda</b>",
            f"{metric.name}: {quantity}",
            f"Tanggal: {long_date(day, self.language)}",
        ]
        if note:
            lines.append(f"Catatan: {note}")
        lines.append("Bukti dukung: " + ("ada" if has_evidence else "tidak ada"))
        if replaces:
            lines.append(f"\nMenggantikan laporan sebelumnya: {replaces}")
        return Html("\n".join(lines))

    def save_button(self) -> str:
        return "Simpan"

    def cancel_button(self) -> str:
        return "Batal"

    def report_refusal(self, reason: ReportRefusal) -> Html:
        return Html(_REPORT_REFUSALS[reason])

    def report_finished(self) -> Html:
        return Html("Terima kasih, laporan Anda sudah tersimpan.")

    def history(self, first: date, last: date, lines: Sequence[Html]) -> Html:
        head = f"<b>Laporan Anda {long_date(first, self.language)} – {long_date(last, self.language)}</b>"
        return Html(head + "\n" + ("\n".join(lines) if lines else "Belum ada laporan."))

    def history_line(self, day: date, metric: Metric, quantity: str, verified: bool) -> Html:
        mark = " ✔️" if verified else ""
        return Html(f"{day.strftime('%d/%m')} · {metric.name}: {quantity}{mark}")

    def progress(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Capaian Anda periode ini</b>\n" + "\n".join(lines) if lines else "")

    def progress_line(
        self, name: str, realisation: Decimal | None, target: str, result: Capaian | None
    ) -> Html:
        if realisation is None or result is None:
            return Html(f"{name}: belum ada data (target {target})")
        return Html(
            f"{name}: {number(realisation, self.language)} dari target {target} → "
            f"{percent(result.raw, self.language)} ({result.category.value})"
        )

    def history_button(self, days: int) -> str:
        return f"{days} hari"

    def leave_usage(self) -> Html:
        return Html(
            "Tulis tanggal cuti Anda, misalnya /cuti 2026-12-28 atau /cuti 2026-12-28 2026-12-31"
        )

    def leave_refusal(self, problem: LeaveProblem) -> Html:
        return Html(_LEAVE_PROBLEMS[problem])

    def leave_marked(self, working_days: int, first: date, last: date) -> Html:
        span = long_date(first, self.language)
        if last != first:
            span += f" – {long_date(last, self.language)}"
        return Html(
            f"Cuti dicatat: {span} ({working_days} hari kerja). Anda tidak akan diingatkan pada hari itu."
        )

    def team_day(
        self,
        unit_name: str,
        day: date,
        working_day: bool,
        reports: int,
        missing: Sequence[tuple[str, int]],
        on_leave: Sequence[str],
    ) -> Html:
        lines = [f"<b>{unit_name}</b> · {long_date(day, self.language)}"]
        if not working_day:
            lines.append("Hari ini bukan hari kerja.")
        lines.append(f"Laporan masuk hari ini: {reports}")
        if missing:
            lines.append("\n<b>Belum melapor</b>")
            lines += [f"• {name} — {streak} hari kerja berturut-turut" for name, streak in missing]
        elif working_day:
            lines.append("Semua ASN sudah melapor.")
        if on_leave:
            lines.append("\nCuti: " + ", ".join(on_leave))
        if reports:
            lines.append("\nPilih laporan untuk verifikasi atau umpan balik:")
        return Html("\n".join(lines))

    def team_report_button(self, name: str, metric: Metric, quantity: str, verified: bool) -> str:
        return f"{'✔️ ' if verified else ''}{name} · {metric.name}: {quantity}"

    def report_detail(
        self,
        name: str,
        metric: Metric,
        day: date,
        quantity: str,
        note: str | None,
        has_evidence: bool,
        verified: bool,
        feedback: str | None,
    ) -> Html:
        lines = [f"<b>{name}</b> · {long_date(day, self.language)}", f"{metric.name}: {quantity}"]
        if note:
            lines.append(f"Catatan: {note}")
        lines.append("Bukti dukung: " + ("ada" if has_evidence else "tidak ada"))
        lines.append("Terverifikasi" if verified else "Belum diverifikasi")
        if feedback:
            lines.append(f"Umpan balik: {feedback}")
        return Html("\n".join(lines))

    def verify_button(self) -> str:
        return "✔️ Verifikasi"

    def feedback_button(self) -> str:
        return "💬 Umpan balik"

    def report_verified(self, name: str) -> str:
        return f"Laporan {name} diverifikasi."

    def ask_feedback(self, name: str, metric: Metric) -> Html:
        return Html(
            f"Tulis umpan balik untuk {name} tentang {metric.name}. Ketik /batal untuk membatalkan."
        )

    def feedback_sent(self, name: str) -> Html:
        return Html(f"Umpan balik dikirim kepada {name}.")

    def feedback_to_asn(self, from_name: str, metric_name: str, day: date, feedback: str) -> Html:
        return Html(
            f"💬 <b>Umpan balik dari {from_name}</b>\n{metric_name}, "
            f"{long_date(day, self.language)}:\n\n{feedback}"
        )

    def reminder(self, name: str) -> Html:
        return Html(f"Halo {name}, Anda belum melaporkan hasil kerja hari ini.")

    def reminder_button(self) -> str:
        return "Lapor sekarang"

    def cli_invitation(self, name: str, link: str, expires_at: datetime) -> str:
        return f"Undangan untuk {name} (berlaku sampai {date_time(expires_at, self.language)}):\n{link}"

    def cli_invite_problem(self, field: str, problem: str) -> str:
        return f"Undangan ditolak ({field}): {problem}"

    def cli_staff_deactivated(self, name: str) -> str:
        return f"{name} dinonaktifkan; aksesnya berakhir sekarang."

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
            f"Rekap {period_key}: {sent} terkirim, {already_sent} sudah pernah dikirim, "
            f"{pending} tertunda, {failed} gagal."
        )
        if resumed:
            text += (
                f" {resumed} yang terkirim itu tertunda dari pengiriman yang terhenti "
                "dan kini dikirim utuh."
            )
        if pending:
            text += " Yang tertunda sedang dikirim proses lain; jalankan lagi nanti."
        return text

    def cli_summaries_waiting(self, count: int, seconds: int) -> str:
        return (
            f"{count} rekap diklaim proses lain dan belum terkirim (tertunda). Menunggu paling "
            f"lama {seconds} detik; rekap dari proses yang terhenti lalu dikirim utuh."
        )

    def cli_outbox_resent(self, item_id: int, sent: bool, status: str) -> str:
        if sent:
            return f"Pesan {item_id} terkirim."
        return f"Pesan {item_id} belum terkirim ({status}). Lihat: kinerja outbox failed"

    def cli_outbox_not_given_up(self, item_id: int) -> str:
        return (
            f"Tidak ada pesan {item_id} yang gagal, tak jelas hasilnya, atau dibatalkan. "
            "Lihat daftarnya: kinerja outbox failed"
        )

    def cli_unknown_nip(self, nip: str) -> str:
        return f"Tidak ada pegawai dengan NIP {nip}."

    # -- IKU summaries ------------------------------------------------------------------

    def summary_title(self, unit_name: str, period: Period, late: bool) -> Html:
        span = f"{long_date(period.start, self.language)} – {long_date(period.end, self.language)}"
        note = " (terlambat terkirim)" if late else ""
        return Html(f"📊 <b>Rekap {period.key} · {unit_name}</b>{note}\n{span}")

    def measure(self, value: Decimal, measure: Measure) -> str:
        if measure is Measure.MINUTES:
            return f"{number(value, self.language, 1)} menit"
        if measure is Measure.PERCENT:
            return percent(value, self.language)
        return number(value, self.language)

    def summary_line(
        self,
        name: str,
        status: SummaryStatus,
        realisation: str | None,
        target: str,
        capaian: Decimal | None,
        change: str | None,
        better: bool | None,
    ) -> Html:
        if realisation is None or capaian is None:
            return Html(f"{_MARKERS[status]} {name}: belum ada data (target {target})")
        trend = ""
        if change is not None:
            arrow = "▲" if change.startswith("+") else "▼" if change.startswith("-") else "＝"
            trend = f" {arrow}{change.lstrip('+-')}"
        return Html(
            f"{_MARKERS[status]} {name}: {realisation} / target {target} · capaian "
            f"{percent(capaian, self.language)}{trend}"
        )

    def summary_satisfaction(
        self,
        ikm: Decimal | None,
        grade: Mutu | None,
        respondents: int,
        verified: int,
        required_sample: int | None,
    ) -> Html:
        if ikm is None or grade is None:
            return Html("Kepuasan masyarakat: belum ada responden.")
        text = (
            f"<b>IKM {number(ikm, self.language)}</b> (mutu {grade.value}, "
            f"{KINERJA_UNIT[grade]}) · {respondents} responden ({verified} terverifikasi)"
        )
        if required_sample is not None:
            text += f" dari sampel minimal {required_sample}"
            if respondents < required_sample:
                text += " — <b>sampel belum memadai</b>"
        return Html(text)

    def summary_weakest(self, element: str, nrr: Decimal) -> Html:
        return Html(f"Unsur terlemah: {ELEMENT_NAMES[element]} (NRR {number(nrr, self.language)})")

    def summary_missing_elements(self, elements: Sequence[str]) -> Html:
        return Html("Unsur tanpa jawaban (tidak dihitung): " + ", ".join(elements))

    def summary_waiting(self, mean: Decimal | None, within: Decimal | None, threshold: int) -> Html:
        if mean is None or within is None:
            return Html("Waktu tunggu: belum ada data.")
        return Html(
            f"Waktu tunggu rata-rata {number(mean, self.language, 1)} menit; "
            f"{percent(within, self.language)} dilayani ≤ {threshold} menit"
        )

    def summary_flagged(self, flagged: int, left_out: int) -> Html:
        text = f"Jawaban ditandai mencurigakan: {flagged}"
        if left_out:
            text += f" ({left_out} dari petugas unit sendiri, tidak dihitung dalam IKM)"
        return Html(text)

    def summary_importance(self, items: Sequence[tuple[str, int, Decimal | None, bool]]) -> Html:
        parts = []
        for element, votes, nrr, weak in items:
            score = f", NRR {number(nrr, self.language)}" if nrr is not None else ""
            flag = " ⚠️ prioritas perbaikan" if weak else ""
            parts.append(f"{ELEMENT_NAMES[element]} ({votes} suara{score}){flag}")
        return Html("Paling penting bagi warga: " + "; ".join(parts))

    def summary_complaints(self, received: int, closed: int, overdue: int) -> Html:
        text = f"Pengaduan: {received} masuk, {closed} selesai"
        if overdue:
            text += f", <b>{overdue} terlambat ditangani</b>"
        return Html(text)

    def summary_missing_staff(self, people: Sequence[tuple[str, int]]) -> Html:
        if not people:
            return Html("Semua ASN melapor (tidak ada yang absen 2 hari kerja atau lebih).")
        shown = ", ".join(f"{name} ({days} hari)" for name, days in people[:15])
        more = f" dan {len(people) - 15} lainnya" if len(people) > 15 else ""
        return Html(f"Belum melapor ≥ 2 hari kerja: {shown}{more}")

    def summary_children(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Per unit</b>\n" + "\n".join(lines))

    def summary_child(self, name: str, ikm: Decimal | None, grade: Mutu | None, n: int) -> Html:
        if ikm is None or grade is None:
            return Html(f"• {name}: belum ada responden")
        return Html(f"• {name}: IKM {number(ikm, self.language)} ({grade.value}), {n} responden")

    def detail_button(self, name: str) -> str:
        return f"🔎 {name}"

    def xlsx_button(self) -> str:
        return "📥 Unduh Excel"

    def rekap_usage(self) -> Html:
        return Html(
            "Tulis /rekap [minggu|bulan|triwulan] [KODE UNIT], misalnya /rekap bulan PKM-PAUH"
        )

    def chart_ikm(self) -> str:
        return "IKM per minggu"

    def chart_capaian(self, unit_name: str) -> str:
        return f"Capaian IKU (%) · {unit_name}"

    def export_caption(self, period_key: str) -> str:
        return f"Rekap kinerja {period_key}"

    def demo_progress(self) -> str:
        return "Minggu berjalan…"

    def demo_summary_heading(self, supervisor: str) -> str:
        return f"Rekap mingguan untuk {supervisor} (seperti di Telegram)"

    def demo_done(self, folder: str, period_key: str) -> str:
        return (
            f"Hasil demo minggu {period_key} di {folder}/: grafik, Excel rekap, laporan SKM, "
            "poster QR, dan basis data kinerja.db."
        )

    def chat_photo(self) -> str:
        return "[foto]"

    def chat_document(self, name: str) -> str:
        return f"[berkas {name}]"

    def chat_missing_file(self, path: str) -> str:
        return f"(berkas {path} tidak ada)"
