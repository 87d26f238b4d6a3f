"""Bahasa Indonesia: what `bot.texts.staff` declares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from bot.texts.format import long_date, number, percent, short_date
from bot.texts.id.common import ROLE_NAMES
from bot.texts.markup import Html, escaping
from kinerja.capaian import Capaian
from kinerja.reporting import DayProblem
from kinerja.staff import (
    LEAVE_DAYS_BACK,
    LEAVE_MAX_SPAN,
    InviteRefusal,
    LeaveProblem,
    ReportRefusal,
    ValueProblem,
)
from kinerja.types import Language, Metric, MetricType, Role

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
    ReportRefusal.REPORT_NOT_FOUND: "Laporan itu tidak ditemukan, atau bukan dari staf yang Anda awasi.",
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

_DAY_PROBLEMS = {
    DayProblem.UNREADABLE: "Tanggal tidak dikenali. Tulis misalnya /laporan 2026-11-30, /laporan 30/11 atau /laporan kemarin, dan bila perlu kode unit.",
    DayProblem.FUTURE: "Tanggal itu belum tiba. Laporan dapat dilihat sampai hari ini.",
}


def _lines(saved: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f"• {name}: {quantity}" for name, quantity in saved)


@escaping
class Staff:
    language: Language  # set by the catalogue that joins the parts

    # -- staff registration -------------------------------------------------------------

    def invite_prompt(self, name: str, masked_nip: str, role: Role, unit_name: str) -> Html:
        return Html(
            f"Undangan kinerja untuk <b>{name}</b> (NIP {masked_nip}), sebagai {ROLE_NAMES[role]} "
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
            f"Terima kasih, {name}. Akun Anda terdaftar sebagai {ROLE_NAMES[role]}.\n\n"
            "Ketik /lapor untuk melaporkan hasil kerja hari ini, atau /help untuk semua perintah."
        )

    def registration_cancelled(self) -> Html:
        return Html(
            "Dibatalkan: akun ini belum didaftarkan. Buka tautan undangan lagi bila ingin "
            "mendaftar."
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

    def report_finished(self, day: date, saved: Sequence[tuple[str, str]]) -> Html:
        when = long_date(day, self.language)
        if not saved:
            return Html(
                f"Tidak ada laporan yang disimpan untuk {when}. Ketik /lapor lalu pilih "
                "kegiatan untuk melapor."
            )
        return Html(f"Selesai. {len(saved)} laporan {when} tersimpan:\n" + _lines(saved))

    def report_cancelled(
        self,
        day: date,
        dropped: str | None,
        kept: str | None,
        saved: Sequence[tuple[str, str]],
    ) -> Html:
        when = long_date(day, self.language)
        if dropped is None:
            head = "Dibatalkan."
        elif kept is None:
            head = f"Dibatalkan. {dropped} tidak disimpan."
        else:
            head = f"Dibatalkan. {dropped} tidak diganti: tetap {kept}."
        if saved:
            stayed = f"Laporan {when} yang sudah tersimpan tetap ({len(saved)}):\n" + _lines(saved)
        else:
            stayed = f"Belum ada laporan {when} yang tersimpan."
        return Html(f"{head}\n\n{stayed}\n\nKetik /lapor untuk melapor lagi.")

    def history(self, first: date, last: date, lines: Sequence[Html]) -> Html:
        head = f"<b>Laporan Anda {long_date(first, self.language)} – {long_date(last, self.language)}</b>"
        return Html(head + "\n" + ("\n".join(lines) if lines else "Belum ada laporan."))

    def history_line(self, day: date, metric: Metric, quantity: str, verified: bool) -> Html:
        mark = " ✔️" if verified else ""
        return Html(f"{day.strftime('%d/%m')} · {metric.name}: {quantity}{mark}")

    def progress(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Capaian Anda periode ini</b>\n" + "\n".join(lines) if lines else "")

    def progress_line(
        self,
        name: str,
        realisation: Decimal | None,
        target: str,
        result: Capaian | None,
        places: int,
    ) -> Html:
        if realisation is None or result is None:
            return Html(f"{name}: belum ada data (target {target})")
        return Html(
            f"{name}: {number(realisation, self.language, places)} dari target {target} → "
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
        has_asn: bool,
        anyone_expected: bool,
        reports: int,
        missing: Sequence[tuple[str, int]],
        on_leave: Sequence[str],
    ) -> Html:
        lines = [f"<b>{unit_name}</b> · {long_date(day, self.language)}"]
        if not working_day:
            lines.append("Bukan hari kerja.")
        lines.append(f"Laporan masuk: {reports}")
        if not has_asn:
            lines.append("Belum ada ASN terdaftar.")
        elif missing:
            lines.append("\n<b>Belum melapor</b>")
            lines += [f"• {name} — {streak} hari kerja berturut-turut" for name, streak in missing]
        elif anyone_expected:
            lines.append("Semua ASN sudah melapor.")
        if on_leave:
            lines.append("\nCuti: " + ", ".join(on_leave))
        if reports:
            lines.append("\nPilih laporan untuk verifikasi atau umpan balik:")
        return Html("\n".join(lines))

    def previous_day_button(self, day: date) -> str:
        return f"◀ {short_date(day, self.language)}"

    def next_day_button(self, day: date) -> str:
        return f"{short_date(day, self.language)} ▶"

    def team_day_problem(self, problem: DayProblem) -> Html:
        return Html(_DAY_PROBLEMS[problem])

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

    def evidence_button(self) -> str:
        return "📎 Lihat bukti"

    def evidence_caption(self, name: str, metric: Metric, day: date, quantity: str) -> Html:
        return Html(
            f"📎 Bukti dukung {name}\n{metric.name}: {quantity} · {long_date(day, self.language)}"
        )

    def evidence_gone(self) -> Html:
        return Html("Bukti dukung laporan ini sudah tidak tersedia.")

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

    def feedback_cancelled(self, name: str) -> Html:
        return Html(f"Dibatalkan: umpan balik untuk {name} tidak dikirim.")

    def feedback_to_asn(self, from_name: str, metric_name: str, day: date, feedback: str) -> Html:
        return Html(
            f"💬 <b>Umpan balik dari {from_name}</b>\n{metric_name}, "
            f"{long_date(day, self.language)}:\n\n{feedback}"
        )

    def reminder(self, name: str) -> Html:
        return Html(f"Halo {name}, Anda belum melaporkan hasil kerja hari ini.")

    def reminder_button(self) -> str:
        return "Lapor sekarang"
