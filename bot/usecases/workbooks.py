"""Excel workbooks for supervisors (/ekspor) and the official SKM report of a unit.

Both carry what people typed (complaints, follow-ups) and the summary's carries NIPs, so each
one made is recorded in the audit log: who, which kind, unit and period, how many rows per
sheet; never a cell of it."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.files.exporting import append_row
from bot.services import Services
from bot.usecases.compliance import compliance_in_period
from bot.usecases.indicators import compute_period
from bot.usecases.summary import Figures
from kinerja.audit import AuditAction
from kinerja.engine import UnitData, population_of
from kinerja.periods import Period
from kinerja.skm import (
    ELEMENT_NAMES,
    KINERJA_UNIT,
    IkmResult,
    ikm_from_totals,
    ikm_unit,
    required_sample_size,
    weighted_nrrs,
)
from kinerja.units import subtree_codes

BOLD = Font(bold=True)


def _sheet(book: Workbook, title: str, header: list[str]) -> Any:
    sheet = book.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = BOLD
    return sheet


def _save(book: Workbook) -> bytes:
    if "Sheet" in book.sheetnames:
        del book["Sheet"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _saved_and_audited(
    services: Services,
    book: Workbook,
    actor: str,
    action: AuditAction,
    unit_code: str,
    period: Period,
) -> bytes:
    data = _save(book)
    sheets = {sheet.title: sheet.max_row - 1 for sheet in book.worksheets}
    async with services.database.transaction() as tx:
        await tx.audit.record(
            services.clock(),
            actor,
            action,
            unit_code,
            {
                "period": period.key,
                "rows": sum(sheets.values()),
                "sheets": sheets,
                "format": "xlsx",
            },
        )
    return data


async def summary_workbook(
    services: Services, figures: Figures, unit_code: str, *, actor: str
) -> bytes:
    """The supervisor's Excel of a period, made for `actor` (kinerja.audit)."""
    catalog = figures.now.catalog
    period = figures.now.period
    codes = subtree_codes(unit_code, catalog.units)
    ids = [figures.now.unit_ids[c] for c in codes if c in figures.now.unit_ids]
    book = Workbook()

    iku = _sheet(
        book,
        "IKU",
        [
            "unit",
            "kode",
            "indikator",
            "periode",
            "target",
            "realisasi",
            "n",
            "capaian_%",
            "capaian_dibatasi_%",
            "kategori",
            "mutu",
            "sampel_minimal",
            "sampel_cukup",
        ],
    )
    for indicator in catalog.indicators:
        for code in codes:
            outcome = figures.now.outcomes.get((indicator.code, code))
            if outcome is None:
                continue
            target = str(indicator.target.low) + (
                f"-{indicator.target.high}" if indicator.target.high is not None else ""
            )
            append_row(
                iku,
                [
                    code,
                    indicator.code,
                    indicator.name,
                    period.key,
                    target,
                    float(outcome.realisation) if outcome.realisation is not None else None,
                    outcome.n,
                    float(outcome.result.raw) if outcome.result else None,
                    float(outcome.result.capped) if outcome.result else None,
                    outcome.result.category.value if outcome.result else None,
                    outcome.grade.value if outcome.grade else None,
                    outcome.sample_required,
                    outcome.sample_ok,
                ],
            )

    skm = _sheet(book, "SKM per unsur", ["unit", "unsur", "nama", "jawaban", "NRR", "mutu"])
    for code in codes:
        data = figures.now.rolled.get(code, UnitData())
        for element in ikm_from_totals(data.element_totals(), data.respondents).elements:
            append_row(
                skm,
                [
                    code,
                    element.code,
                    ELEMENT_NAMES[element.code],
                    element.answers,
                    float(element.nrr_display),
                    element.grade.value,
                ],
            )

    start, end = period.bounds(services.settings.zone)
    async with services.database.snapshot() as tx:
        complaints = await tx.complaints.between(ids, start, end)
        staff = await compliance_in_period(services, tx, ids, period)

    sheet = _sheet(
        book,
        "Pengaduan",
        [
            "tiket",
            "unit",
            "diterima",
            "status",
            "selesai",
            "serius",
            "pengaduan",
            "tindak_lanjut",
            "penilaian",
        ],
    )
    zone = services.settings.zone
    for c in complaints:
        append_row(
            sheet,
            [
                c.ticket,
                c.unit_code,
                c.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                c.status.value,
                c.closed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if c.closed_at else None,
                "ya" if c.serious else "tidak",
                c.text,
                c.follow_up,
                c.handling_rating,
            ],
        )

    # The rule of the summary and /laporan (kinerja.compliance): from registration on, leave
    # and days off excluded; the first six columns keep their meaning for older spreadsheets.
    compliance = _sheet(
        book,
        "Kepatuhan ASN",
        [
            "nama",
            "NIP",
            "unit",
            "hari_kerja",
            "hari_melapor",
            "hari_tidak_melapor",
            "terdaftar",
            "hari_cuti",
        ],
    )
    for row in staff:
        append_row(
            compliance,
            [
                row.person.full_name,
                row.person.nip,
                row.person.unit_code,
                len(row.expected),
                len(row.reported),
                len(row.missing),
                row.registered.isoformat(),
                len(row.leave),
            ],
        )
    return await _saved_and_audited(
        services, book, actor, AuditAction.EXPORT_SUMMARY_WORKBOOK, unit_code, period
    )


NRR_FORMAT = "0.0000"
IKM_FORMAT = "0.00"


def nrr_sheet(book: Workbook, ikm: IkmResult) -> None:
    """The regulation's processing table: NRR per unsur, NRR tertimbang, their total (the IKM
    unit before conversion) and the IKM (× 25). The weighted NRRs are apportioned
    (`kinerja.skm.weighted_nrrs`) so the four-decimal figures shown add up to the total shown,
    and the total × 25 is the IKM shown."""
    sheet = _sheet(
        book,
        "NRR per unsur",
        ["unsur", "nama", "jumlah_jawaban", "jumlah_nilai", "NRR", "NRR_tertimbang", "mutu"],
    )
    for element, weighted in zip(ikm.elements, weighted_nrrs(ikm), strict=True):
        append_row(
            sheet,
            [
                element.code,
                ELEMENT_NAMES[element.code],
                element.answers,
                element.total,
                float(element.nrr_display),
                float(weighted),
                element.grade.value,
            ],
        )
        for cell in sheet[sheet.max_row][4:6]:
            cell.number_format = NRR_FORMAT
    for code in ikm.missing_elements:
        append_row(sheet, [code, ELEMENT_NAMES[code], 0, 0, None, None, None])
    total, value = ikm_unit(ikm), ikm.value
    weight = f"1/{len(ikm.elements)}" if ikm.elements else "-"
    append_row(
        sheet,
        [
            "Jumlah",
            f"NRR tertimbang (NRR × {weight} tiap unsur) = IKM unit pelayanan",
            None,
            None,
            None,
            None if total is None else float(total),
            None,
        ],
    )
    sheet.cell(sheet.max_row, 6).number_format = NRR_FORMAT
    grade = ikm.grade
    append_row(
        sheet,
        [
            "IKM",
            "IKM unit pelayanan × 25",
            None,
            None,
            None,
            None if value is None else float(value),
            None if grade is None else grade.value,
        ],
    )
    sheet.cell(sheet.max_row, 6).number_format = IKM_FORMAT
    for row in sheet.iter_rows(min_row=sheet.max_row - 1):
        row[0].font = BOLD


async def skm_report_workbook(
    services: Services, unit_code: str, period: Period, *, actor: str
) -> bytes:
    """What a unit publishes under PermenPAN-RB 14/2017: IKM, NRR per unsur, sample, profile,
    complaints with their follow-up (rencana tindak lanjut)."""
    figures = await compute_period(services, period)
    catalog = figures.catalog
    unit = catalog.unit(unit_code)
    if unit is None:
        raise LookupError(unit_code)
    data = figures.rolled.get(unit_code, UnitData())
    ikm = ikm_from_totals(data.element_totals(), data.respondents)
    codes = subtree_codes(unit_code, catalog.units)
    ids = [figures.unit_ids[c] for c in codes if c in figures.unit_ids]
    start, end = period.bounds(services.settings.zone)
    async with services.database.snapshot() as tx:
        profile = await tx.survey.profile_counts(ids, start, end)
        complaints = await tx.complaints.between(ids, start, end)
    population = population_of(data, services.settings.population_metric)
    sample = None if population is None else required_sample_size(population)

    book = Workbook()
    summary = _sheet(book, "Ringkasan", ["keterangan", "nilai"])
    grade = ikm.grade
    rows: list[list[object]] = [
        ["Unit layanan", unit.name],
        ["Periode", f"{period.key} ({period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y})"],
        ["Jumlah responden", data.respondents],
        ["Jawaban ditandai mencurigakan (tetap dihitung)", data.flagged - data.left_out],
        ["Jawaban petugas unit sendiri (tidak dihitung)", data.left_out],
        ["Populasi (pasien dilayani)", "belum dilaporkan" if population is None else population],
        [
            "Sampel minimal (Krejcie & Morgan)",
            "tidak dapat dihitung: populasi belum dilaporkan" if sample is None else sample,
        ],
        [
            "Sampel memadai",
            "tidak diketahui"
            if sample is None
            else ("ya" if data.respondents >= sample else "belum memadai"),
        ],
        ["IKM", float(ikm.value) if ikm.value is not None else None],
        ["Mutu pelayanan", grade.value if grade else None],
        ["Kinerja unit pelayanan", KINERJA_UNIT[grade] if grade else None],
        ["Unsur tanpa jawaban", ", ".join(ikm.missing_elements)],
    ]
    for row in rows:
        append_row(summary, row)
    nrr_sheet(book, ikm)
    profile_sheet = _sheet(book, "Profil responden", ["aspek", "kategori", "jumlah"])
    for aspect, counts in profile.items():
        for category, count in sorted(counts.items()):
            append_row(profile_sheet, [aspect, category, count])
    rtl = _sheet(
        book,
        "Pengaduan dan RTL",
        ["tiket", "diterima", "pengaduan", "status", "tindak_lanjut", "selesai"],
    )
    zone = services.settings.zone
    for c in complaints:
        append_row(
            rtl,
            [
                c.ticket,
                c.created_at.astimezone(zone).strftime("%Y-%m-%d"),
                c.text,
                c.status.value,
                c.follow_up,
                c.closed_at.astimezone(zone).strftime("%Y-%m-%d") if c.closed_at else None,
            ],
        )
    return await _saved_and_audited(
        services, book, actor, AuditAction.EXPORT_SKM_REPORT, unit_code, period
    )
