"""Bahasa Indonesia: what `bot.texts.operator` declares."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.texts.format import date_time
from bot.texts.markup import Html, escaping
from kinerja.types import Language

_CHANGE_KINDS = {"unit": "unit", "metric": "metrik", "indicator": "indikator"}


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {_CHANGE_KINDS[k]}" for k, n in counts.items() if n) or "tidak ada"


@escaping
class Operator:
    language: Language  # set by the catalogue that joins the parts

    def ops_handler_failed(self, error_name: str, update_id: int | None) -> Html:
        return Html(f"kinerja: galat {error_name} pada update {update_id}")

    def cli_setting_problem(self, key: str, problem: str) -> str:
        return f"Pengaturan {key} salah: {problem}"

    def cli_token_missing(self) -> str:
        return (
            "TELEGRAM_BOT_TOKEN belum diisi: buat bot di Telegram lewat @BotFather (/newbot), "
            "lalu salin tokennya ke file .env (lihat .env.example)."
        )

    def cli_web_only(self, address: str) -> str:
        return (
            f"TELEGRAM_BOT_TOKEN belum diisi, jadi hanya survei web yang berjalan: {address}/s/"
            "u_KODE-UNIT (lihat `kinerja link KODE-UNIT`). Jawaban warga tersimpan; pemberitahuan "
            "ke pengawas menunggu sampai bot berjalan. Untuk bot Telegram: buat bot lewat "
            "@BotFather (/newbot), salin tokennya ke .env, lalu jalankan lagi."
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

    def cli_unknown_unit(self, code: str) -> str:
        return f"Unit {code} tidak ada di katalog. Lihat daftar unit dengan: kinerja catalog show"

    def cli_bot_username_needed(self) -> str:
        return (
            "Nama bot tidak diketahui: isi KINERJA_BOT_USERNAME, atau TELEGRAM_BOT_TOKEN agar "
            "namanya ditanyakan ke Telegram."
        )

    def cli_survey_links(self, web: str, telegram: str) -> str:
        return f"Web (poster, untuk semua):  {web}\nTelegram (langsung):         {telegram}"

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

    def cli_audit_columns(self) -> tuple[str, str, str, str, str]:
        return ("waktu", "pelaku", "tindakan", "subjek", "rincian")

    def cli_audit_withheld(self) -> str:
        return "(disembunyikan: data pribadi)"

    def cli_audit_empty(self) -> str:
        return "Tidak ada catatan audit yang cocok."

    def cli_audit_limited(self, limit: int) -> str:
        return f"Hanya {limit} catatan terbaru yang ditampilkan; lihat lebih banyak dengan --limit."

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

    def chat_opening(self, database: str, catalogue_from_database: bool) -> str:
        catalogue = (
            "disalin dari basis data kinerja"
            if catalogue_from_database
            else "contoh examples/pauh.yaml, karena basis data kinerja belum punya katalog"
        )
        return (
            f"Uji coba di basis data terpisah {database}: orang, laporan, dan jawaban di sini "
            f"tidak masuk ke basis data kinerja dan rekapnya. Katalog unit dan IKU: {catalogue}. "
            "Mulai dari awal: --fresh.\n"
            "Tombol adalah nomor: ketik nomornya untuk menekan ('12 selalu mengirim teks 12); "
            "/foto BERKAS mengirim foto; /keluar selesai."
        )

    def chat_popup(self, text: str, alert: bool) -> str:
        return f"   {'⚠️ pop-up' if alert else '💬 notifikasi'}: {text}"
