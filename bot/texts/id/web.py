"""Bahasa Indonesia: what `bot.texts.web` declares."""

from __future__ import annotations

from bot.texts.markup import Html, escaping
from kinerja.types import Language


@escaping
class Web:
    language = Language.ID

    def web_survey_title(self, unit_name: str) -> str:
        return f"Survei Kepuasan Masyarakat — {unit_name}"

    def web_open_in_telegram(self) -> str:
        return "Buka di Telegram"

    def web_telegram_hint(self) -> Html:
        return Html("Paling mudah bila Anda memakai Telegram: survei terbuka di aplikasinya.")

    def web_fill_here_hint(self) -> Html:
        return Html("Tidak memakai Telegram? Isi survei di halaman ini saja.")

    def web_consent_notice(self, retention_days: int, verified: bool, questions: int) -> Html:
        return Html(
            "Terima kasih sudah berkunjung. Kami ingin tahu pendapat Anda tentang pelayanan tadi "
            f"({questions} pertanyaan singkat, termasuk lama menunggu dan pengaduan atau saran "
            "bila ada).\n\n"
            "• Untuk apa: menilai dan memperbaiki pelayanan (PermenPAN-RB 14/2017).\n"
            "• Anonim: petugas tidak pernah melihat siapa yang menjawab. Kami tidak menyimpan "
            "nama, nomor HP, atau NIK Anda. Peramban Anda hanya diberi kode acak (cookie) agar "
            "survei bisa dilanjutkan dan satu orang tidak menjawab dua kali.\n"
            "• Bila Anda menulis pengaduan, jawabannya dapat dilihat di halaman tiket yang "
            "tautannya kami berikan.\n"
            f"• Disimpan paling lama {retention_days} hari; setelah itu hanya angka rekap yang "
            "tersisa. Anda bisa menghapus data Anda kapan saja lewat «Hapus data saya» di bawah "
            "halaman survei.\n\n"
            "Bersedia mengisi survei?"
        )

    def web_next(self) -> str:
        return "Lanjut"

    def web_choose_one(self) -> Html:
        return Html("Pilih salah satu jawaban, lalu tekan Lanjut.")

    def web_waiting_minutes_label(self) -> str:
        return "Atau tulis berapa menit Anda menunggu"

    def web_complaint_label(self) -> str:
        return "Pengaduan atau saran Anda"

    def web_send_complaint(self) -> str:
        return "Kirim pengaduan"

    def web_photo_question(self) -> Html:
        return Html(
            "Ingin melampirkan foto (misalnya kondisi ruangan)? Pilih fotonya lalu kirim, "
            "atau lanjut tanpa foto."
        )

    def web_photo_label(self) -> str:
        return "Foto (JPEG atau PNG)"

    def web_send_photo(self) -> str:
        return "Kirim foto"

    def web_photo_unreadable(self) -> Html:
        return Html("Berkas ini bukan foto yang bisa kami baca. Pilih foto JPEG atau PNG.")

    def web_thanks(self, ticket: str | None) -> Html:
        text = "<b>Terima kasih!</b> Jawaban Anda sudah kami simpan dan akan dipakai untuk "
        text += "memperbaiki pelayanan."
        if ticket:
            text += f"\n\nPengaduan Anda bernomor <b>{ticket}</b>."
        return Html(text)

    def web_ticket_link_intro(self) -> Html:
        return Html(
            "Simpan tautan ini untuk melihat status dan jawaban pengaduan Anda. Siapa pun yang "
            "memegang tautan ini dapat membacanya, jadi jangan dibagikan."
        )

    def web_ticket_title(self, ticket: str) -> str:
        return f"Pengaduan {ticket}"

    def web_not_found(self) -> Html:
        return Html("Halaman ini tidak ditemukan. Periksa lagi tautan atau kode QR-nya.")

    def web_cookies_needed(self) -> Html:
        return Html(
            "Peramban Anda tidak menyimpan cookie, sehingga survei tidak bisa dilanjutkan. "
            "Izinkan cookie untuk situs ini, lalu buka lagi tautannya."
        )

    def web_form_expired(self) -> Html:
        return Html("Halaman ini sudah kedaluwarsa. Silakan buka lagi survei Anda.")

    def web_start_over(self) -> str:
        return "Buka survei"

    def web_other_language(self) -> str:
        return "English"

    def web_rating_question(self) -> Html:
        return Html("Bagaimana penanganan pengaduan Anda?")

    def web_complaint_reopened(self, ticket: str) -> Html:
        return Html(
            f"Terima kasih atas penilaian Anda. Karena Anda tidak puas, pengaduan <b>{ticket}</b> "
            "dibuka kembali dan pengawas unit diberi tahu. Jawaban berikutnya akan tampil di "
            "halaman ini."
        )

    def web_complaint_question(self) -> Html:
        return Html(
            "Ada pengaduan atau saran? Tulis di bawah dan kirim. Pengaduan akan mendapat nomor "
            "tiket, dan jawabannya tampil di halaman tiket yang tautannya kami berikan."
        )

    def web_complaint_answered(self, ticket: str) -> Html:
        return Html(
            f"Pengaduan Anda bernomor tiket <b>{ticket}</b> sudah dijawab petugas, jadi tidak "
            "dapat diubah lagi. Jawabannya ada di halaman tiket."
        )

    def web_delete_link(self) -> str:
        return "Hapus data saya"

    def web_delete_confirm(self, cooldown_hours: int) -> Html:
        until = "akhir hari ini" if not cooldown_hours else f"{cooldown_hours} jam setelah survei"
        return Html(
            "Hapus data pribadi Anda? Kode acak peramban ini akan dilepas dari semua jawaban "
            "survei yang diisi dari sini, profil responden dihapus, dan teks serta foto pengaduan "
            "Anda dihapus (nomor tiketnya tetap ada). Jawaban survei tetap dihitung dalam rekap "
            "tanpa identitas.\n\n"
            "Agar penghapusan tidak dipakai untuk menilai unit yang sama berulang kali, kami "
            "menyimpan sebuah kode penanda per unit yang Anda nilai, yang tidak terhubung ke "
            f"jawaban Anda, sampai {until}."
        )

    def web_delete_done(self, responses: int, complaints: int) -> Html:
        return Html(
            f"Selesai. {responses} jawaban survei tidak lagi terhubung dengan peramban ini, dan "
            f"{complaints} pengaduan dihapus isinya."
        )
