"""Bahasa Indonesia: what `bot.texts.summary` declares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.texts.format import long_date, number, percent
from bot.texts.markup import Html, escaping
from bot.texts.summary import STATUS_MARKERS
from kinerja.compliance import SUMMARY_MIN_MISSED, TeamCompliance
from kinerja.periods import Period, PeriodProblem, PeriodRefusal
from kinerja.skm import ELEMENT_NAMES, KINERJA_UNIT, NRR_PLACES, Mutu
from kinerja.summary import Measure
from kinerja.summary import Status as SummaryStatus
from kinerja.types import Language, PeriodKind

_KINDS = {
    PeriodKind.WEEK: "minggu",
    PeriodKind.MONTH: "bulan",
    PeriodKind.QUARTER: "triwulan",
    PeriodKind.SEMESTER: "semester",
    PeriodKind.YEAR: "tahun",
}


@escaping
class Summary:
    language: Language  # set by the catalogue that joins the parts

    def summary_title(self, unit_name: str, period: Period, late: bool) -> Html:
        span = f"{long_date(period.start, self.language)} – {long_date(period.end, self.language)}"
        note = " (terlambat terkirim)" if late else ""
        return Html(f"📊 <b>Rekap {period.key} · {unit_name}</b>{note}\n{span}")

    def measure(self, value: Decimal, measure: Measure, places: int) -> str:
        shown = number(value, self.language, places)
        if measure is Measure.MINUTES:
            return f"{shown} menit"
        if measure is Measure.PERCENT:
            return f"{shown} %"
        return shown

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
            return Html(f"{STATUS_MARKERS[status]} {name}: belum ada data (target {target})")
        trend = ""
        if change is not None:
            arrow = "▲" if change.startswith("+") else "▼" if change.startswith("-") else "＝"
            trend = f" {arrow}{change.lstrip('+-')}"
        return Html(
            f"{STATUS_MARKERS[status]} {name}: {realisation} / target {target} · capaian "
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
        if required_sample is None:
            text += "; sampel minimal belum dapat dihitung (jumlah orang dilayani belum dilaporkan)"
        else:
            text += f" dari sampel minimal {required_sample}"
            if respondents < required_sample:
                text += " — <b>sampel belum memadai</b>"
        return Html(text)

    def summary_weakest(self, element: str, nrr: Decimal) -> Html:
        return Html(
            f"Unsur terlemah: {ELEMENT_NAMES[element]} (NRR {number(nrr, self.language, NRR_PLACES)})"
        )

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
            score = f", NRR {number(nrr, self.language, NRR_PLACES)}" if nrr is not None else ""
            flag = " ⚠️ prioritas perbaikan" if weak else ""
            parts.append(f"{ELEMENT_NAMES[element]} ({votes} suara{score}){flag}")
        return Html("Paling penting bagi warga: " + "; ".join(parts))

    def summary_complaints(self, received: int, closed: int, overdue: int) -> Html:
        text = f"Pengaduan: {received} masuk, {closed} selesai"
        if overdue:
            text += f", <b>{overdue} terlambat ditangani</b>"
        return Html(text)

    def summary_compliance(self, view: TeamCompliance) -> Html:
        if not view.asn:
            return Html("Belum ada ASN terdaftar.")
        if not view.expected:
            return Html("Belum ada hari kerja yang wajib dilaporkan ASN.")
        if view.absent:
            shown = ", ".join(f"{name} ({days} hari)" for name, days in view.absent[:15])
            more = f" dan {len(view.absent) - 15} lainnya" if len(view.absent) > 15 else ""
            return Html(f"Belum melapor ≥ {SUMMARY_MIN_MISSED} hari kerja: {shown}{more}")
        if view.everyone_reported:
            return Html("Semua ASN melapor setiap hari kerja.")
        return Html(f"Tidak ada ASN yang absen {SUMMARY_MIN_MISSED} hari kerja atau lebih.")

    def summary_children(self, lines: Sequence[Html]) -> Html:
        return Html("<b>Per unit</b>\n" + "\n".join(lines))

    def summary_child(
        self,
        name: str,
        ikm: Decimal | None,
        grade: Mutu | None,
        n: int,
        required_sample: int | None,
    ) -> Html:
        if ikm is None or grade is None:
            return Html(f"• {name}: belum ada responden")
        text = f"• {name}: IKM {number(ikm, self.language)} ({grade.value}), {n} responden"
        if required_sample is None:
            return Html(text + " (sampel minimal belum dapat dihitung)")
        text += f" dari sampel minimal {required_sample}"
        return Html(text + (" — sampel belum memadai" if n < required_sample else ""))

    def detail_button(self, name: str) -> str:
        return f"🔎 {name}"

    def xlsx_button(self) -> str:
        return "📥 Unduh Excel"

    def rekap_usage(self) -> Html:
        return Html(
            "Tulis /rekap [PERIODE] [KODE UNIT]. Periode: minggu, bulan, triwulan, semester "
            "atau tahun (tambahkan “lalu” untuk yang sebelumnya), atau kodenya: 2026-W48, "
            "2026-11, 2026-Q4, 2026-S1, 2026. Misalnya /rekap minggu lalu PKM-PAUH"
        )

    def period_refusal(self, command: str, refusal: PeriodRefusal) -> Html:
        c = f"/{command}"
        match refusal.problem:
            case PeriodProblem.UNKNOWN:
                return Html(
                    f"Periode tidak dikenali: {refusal.words}. Contoh: {c} 2026-W48, "
                    f"{c} minggu lalu, {c} 2026-S1, {c} 2026-11 (kode unit boleh "
                    f"ditambahkan: {c} minggu lalu PKM-PAUH)."
                )
            case PeriodProblem.NOT_STARTED:
                return Html(
                    f"Periode {refusal.words} belum dimulai, jadi belum ada yang bisa direkap. "
                    f"Contoh: {c} minggu ini, {c} minggu lalu."
                )
            case PeriodProblem.TWO_UNITS:
                return Html(
                    f"Satu unit saja per permintaan ({refusal.words}). Contoh: "
                    f"{c} minggu lalu PKM-PAUH."
                )

    def previous_period_button(self, kind: PeriodKind) -> str:
        return f"◀ {_KINDS[kind]} sebelumnya"

    def next_period_button(self, kind: PeriodKind) -> str:
        return f"{_KINDS[kind]} berikutnya ▶"

    def chart_ikm(self) -> str:
        return "IKM per minggu"

    def chart_capaian(self, unit_name: str) -> str:
        return f"Capaian IKU (%) · {unit_name}"

    def export_caption(self, period_key: str) -> str:
        return f"Rekap kinerja {period_key}"
