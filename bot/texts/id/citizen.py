"""Bahasa Indonesia: what `bot.texts.citizen` declares."""

from __future__ import annotations

from bot.texts.markup import Html, escaping
from kinerja.complaints import LAPOR_URL
from kinerja.skm import ELEMENT_NAMES, OFFICIAL_LABELS
from kinerja.survey import AnswerProblem, Note, Refusal, Step
from kinerja.types import Language

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
OVERALL_LABELS = ("Tidak puas", "Kurang puas", "Puas", "Sangat puas")
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
    Note.COMPLAINT_WITHDRAWN: "Pengaduan Anda ditarik dan tidak akan ditindaklanjuti.",
    Note.PAGE_MOVED: (
        "Halaman tadi sudah terlewati, jadi yang Anda tulis di sana tidak disimpan. "
        "Ini pertanyaan Anda sekarang."
    ),
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


@escaping
class Citizen:
    language: Language  # set by the catalogue that joins the parts

    # -- citizen survey ---------------------------------------------------------------

    def consent_notice(
        self, unit_name: str, retention_days: int, verified: bool, questions: int
    ) -> Html:
        return Html(
            f"<b>Survei Kepuasan Masyarakat — {unit_name}</b>\n\n"
            "Terima kasih sudah berkunjung. Kami ingin tahu pendapat Anda tentang pelayanan tadi "
            f"({questions} pertanyaan singkat, termasuk lama menunggu dan pengaduan atau saran "
            "bila ada).\n\n"
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
        return OVERALL_LABELS[score - 1]

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

    def complaint_written_question(self, ticket: str, revisable: bool) -> Html:
        if not revisable:
            return Html(
                f"Pengaduan Anda bernomor tiket <b>{ticket}</b> sudah dijawab petugas, jadi tidak "
                f"dapat diubah lagi. Lihat jawabannya dengan /status {ticket}"
            )
        return Html(
            f"Pengaduan Anda tercatat dengan nomor tiket <b>{ticket}</b>. Untuk mengubahnya, "
            "tulis teks baru dan kirim. Jika tidak jadi mengadu, pilih «Tidak ada»: "
            "pengaduannya ditarik."
        )

    def keep_complaint_button(self) -> str:
        return "Biarkan seperti tertulis"

    def withdraw_complaint_button(self) -> str:
        return "Tidak ada (tarik pengaduan)"

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
        if note is Note.COMPLAINT_EDITED:
            return Html(f"Pengaduan Anda diubah, nomor tiketnya tetap <b>{ticket}</b>.")
        if note is Note.COMPLAINT_ANSWERED:
            return Html(
                f"Pengaduan <b>{ticket}</b> sudah dijawab petugas, jadi teks baru tidak "
                f"menggantinya. Lihat jawabannya dengan /status {ticket}"
            )
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

    def survey_cancelled(self, ticket: str | None) -> Html:
        text = "Survei dibatalkan. Jawaban yang sudah diberikan tidak dihitung."
        if ticket:
            text += (
                f"\n\nPengaduan Anda {ticket} tetap tercatat dan akan ditindaklanjuti; "
                f"jawabannya dikirim ke chat ini. Cek statusnya dengan /status {ticket}"
            )
        return Html(text)

    def unsupported_message(self) -> Html:
        return Html(
            "Maaf, jenis pesan ini tidak dapat kami proses. Kirim teks, foto, atau tekan tombol."
        )

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

    # -- the QR poster at the counter -------------------------------------------------

    def poster_instruction(self) -> str:
        return "Pindai kode QR ini dengan kamera HP setelah dilayani untuk menilai pelayanan kami."

    def poster_footer(self) -> str:
        return "Survei Kepuasan Masyarakat · anonim · sekitar 1 menit"
