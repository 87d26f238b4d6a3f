"""Bahasa Indonesia: what `bot.texts.dashboard` declares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.texts.dashboard import Column, Page
from bot.texts.format import long_date, number
from bot.texts.markup import escaping
from kinerja.complaints import TicketStatus
from kinerja.miniapp import InitDataProblem
from kinerja.periods import Period
from kinerja.skm import KINERJA_UNIT, Mutu
from kinerja.summary import Status as SummaryStatus
from kinerja.types import Language, PeriodKind

_TABS = {
    Page.IKU: "IKU",
    Page.IKM: "Tren IKM",
    Page.ELEMENTS: "Unsur SKM",
    Page.COMPLAINTS: "Pengaduan",
    Page.COMPLIANCE: "Kepatuhan ASN",
}
_COLUMNS = {
    Column.INDICATOR: "Indikator",
    Column.TARGET: "Target",
    Column.REALISATION: "Realisasi",
    Column.CAPAIAN: "Capaian",
    Column.STATUS: "Status",
    Column.UNIT: "Unit",
    Column.IKM: "IKM",
    Column.RESPONDENTS: "Responden",
    Column.ELEMENT: "Unsur",
    Column.ANSWERS: "Jawaban",
    Column.NRR: "NRR",
    Column.GRADE: "Mutu",
    Column.TICKET: "Tiket",
    Column.RECEIVED: "Diterima",
    Column.COMPLAINT: "Pengaduan",
    Column.FOLLOW_UP: "Tindak lanjut",
    Column.NAME: "Nama",
    Column.REPORTED: "Melapor",
    Column.MISSING: "Tidak melapor",
}
_KINDS = {
    PeriodKind.WEEK: "Minggu",
    PeriodKind.MONTH: "Bulan",
    PeriodKind.QUARTER: "Triwulan",
    PeriodKind.SEMESTER: "Semester",
    PeriodKind.YEAR: "Tahun",
}
_STATUS = {
    SummaryStatus.MET: "Tercapai",
    SummaryStatus.NEAR: "Hampir tercapai",
    SummaryStatus.BELOW: "Di bawah target",
    SummaryStatus.NO_DATA: "Belum ada data",
}
_TICKETS = {
    TicketStatus.OPEN: "Menunggu ditangani",
    TicketStatus.IN_PROGRESS: "Sedang ditangani",
    TicketStatus.CLOSED: "Selesai",
    TicketStatus.WITHDRAWN: "Ditarik pelapor",
    TicketStatus.REOPENED: "Dibuka kembali",
}
_REFUSED = {
    InitDataProblem.MALFORMED: "Data pembuka dari Telegram tidak lengkap.",
    InitDataProblem.FORGED: "Data pembuka tidak ditandatangani Telegram untuk bot ini.",
    InitDataProblem.EXPIRED: "Data pembuka sudah kedaluwarsa.",
}


@escaping
class Dashboard:
    language: Language  # set by the catalogue that joins the parts

    def dashboard_title(self) -> str:
        return "Dasbor Kinerja"

    def dashboard_opening(self) -> str:
        return "Membuka dasbor…"

    def dashboard_outside_telegram(self) -> str:
        return "Dasbor ini dibuka dari Telegram: ketuk tombol menu “Dasbor” di obrolan bot."

    def dashboard_refused(self, problem: InitDataProblem | None) -> str:
        if problem is None:
            return (
                "Maaf, dasbor hanya untuk atasan yang terdaftar. Jika Anda atasan, minta "
                "operator mendaftarkan akun Telegram Anda."
            )
        return f"Maaf, dasbor tidak dapat dibuka. {_REFUSED[problem]} Tutup lalu buka lagi dari Telegram."

    def dashboard_session_over(self) -> str:
        return "Sesi dasbor sudah berakhir. Tutup lalu buka lagi dari tombol menu di Telegram."

    def dashboard_not_found(self) -> str:
        return "Halaman tidak ditemukan."

    def dashboard_period_refused(self, words: str) -> str:
        return f"Periode “{words}” tidak dikenali atau belum dimulai."

    def dashboard_tab(self, page: Page) -> str:
        return _TABS[page]

    def dashboard_column(self, column: Column) -> str:
        return _COLUMNS[column]

    def dashboard_period(self, period: Period) -> str:
        return f"{_KINDS[period.kind]} {period.key}"

    def dashboard_period_span(self, period: Period) -> str:
        return f"{long_date(period.start, self.language)} – {long_date(period.end, self.language)}"

    def dashboard_status(self, status: SummaryStatus) -> str:
        return _STATUS[status]

    def dashboard_ticket_status(self, status: TicketStatus) -> str:
        return _TICKETS[status]

    def dashboard_satisfaction(
        self, ikm: Decimal | None, grade: Mutu | None, respondents: int, required: int | None
    ) -> str:
        if ikm is None or grade is None:
            return f"IKM: belum ada data ({respondents} responden)."
        sample = (
            "sampel minimal belum dapat dihitung (jumlah pasien belum dilaporkan)"
            if required is None
            else f"sampel minimal {required}"
            + (", sampel belum memadai" if respondents < required else "")
        )
        return (
            f"IKM {number(ikm, self.language)} ({grade.value}, {KINERJA_UNIT[grade]}), "
            f"{respondents} responden; {sample}."
        )

    def dashboard_missing_elements(self, codes: Sequence[str]) -> str:
        return f"Unsur tanpa jawaban (tidak dihitung dalam IKM): {', '.join(codes)}."

    def dashboard_units_below(self) -> str:
        return "Unit di bawahnya"

    def dashboard_no_indicators(self) -> str:
        return "Tidak ada IKU untuk unit dan periode ini."

    def dashboard_chart_alt(self, unit_name: str) -> str:
        return f"Grafik IKM per minggu, {unit_name}"

    def dashboard_complaint_counts(self, received: int, closed: int, overdue: int) -> str:
        return f"{received} diterima, {closed} selesai, {overdue} melewati batas waktu."

    def dashboard_no_complaints(self) -> str:
        return "Tidak ada pengaduan pada periode ini."

    def dashboard_serious(self) -> str:
        return "serius"

    def dashboard_compliance_counts(self, asn: int, expected: int, reported: int) -> str:
        return f"{asn} ASN: {reported} dari {expected} hari kerja dilaporkan."

    def dashboard_everyone_reported(self) -> str:
        return "Semua ASN melapor pada setiap hari kerja."

    def dashboard_show_period(self) -> str:
        return "Tampilkan"

    def dashboard_download(self) -> str:
        return "Unduh Excel"

    def dashboard_menu_button(self) -> str:
        return "Dasbor"

    def dashboard_button(self) -> str:
        return "📈 Buka dasbor"
