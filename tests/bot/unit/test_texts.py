"""The catalogues agree, and the main wording is pinned per language (golden texts)."""

from __future__ import annotations

import dataclasses
import enum
import html
import importlib
import inspect
import itertools
import types
import typing
from collections import abc
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from bot.messaging.telegram_html import parse_html
from bot.texts import (
    CATALOGUES,
    CitizenTexts,
    CommonTexts,
    ComplaintTexts,
    DashboardTexts,
    OperatorTexts,
    StaffTexts,
    SummaryTexts,
    Texts,
    WebTexts,
)
from bot.texts.en import English
from bot.texts.format import number
from bot.texts.id import Indonesian
from bot.texts.markup import Html, escape
from kinerja.language import StoredLanguage, language_from_code, reading_language
from kinerja.roles import Command
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import PROFILE_CHOICES, WAITING_RANGES
from kinerja.types import Language, Metric, MetricType, Role, UnitKind

ID = CATALOGUES[Language.ID]
METRIC = Metric(
    "pasien", "Pasien <5 th> & lansia", "Patients", "pasien", "patients", MetricType.INTEGER
)


def _messages() -> list[str]:
    names = [name for name, _ in inspect.getmembers(Texts, inspect.isfunction)]
    return [name for name in names if not name.startswith("_")]


@pytest.mark.parametrize("catalogue", [Indonesian, English])
def test_every_message_exists_with_the_same_parameters(catalogue: type) -> None:
    assert len(_messages()) > 20
    for name in _messages():
        expected = inspect.signature(getattr(Texts, name))
        actual = inspect.signature(getattr(catalogue, name))
        assert list(actual.parameters) == list(expected.parameters), name
        # `escaping` reads the class's own annotations: Html and str must match the Protocol
        protocol = typing.get_type_hints(getattr(Texts, name))
        assert typing.get_type_hints(getattr(catalogue, name)) == protocol, name


AUDIENCES: dict[str, type] = {
    "common": CommonTexts,
    "citizen": CitizenTexts,
    "complaints": ComplaintTexts,
    "staff": StaffTexts,
    "summary": SummaryTexts,
    "dashboard": DashboardTexts,
    "operator": OperatorTexts,
    "web": WebTexts,
}


def _own_messages(cls: type) -> set[str]:
    return {n for n, v in vars(cls).items() if inspect.isfunction(v) and not n.startswith("_")}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_is_written_in_the_module_of_its_name(audience: str, language: str) -> None:
    """mypy proves a language complete as a whole; this keeps each message where a reader looks
    for it: `bot.texts.staff` declares it, `bot.texts.id.staff` and `bot.texts.en.staff` say it."""
    module = importlib.import_module(f"bot.texts.{language}.{audience}")
    [part] = [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and value.__module__ == module.__name__
    ]
    assert _own_messages(part) == _own_messages(AUDIENCES[audience])


def test_the_audiences_make_up_the_whole_catalogue() -> None:
    declared = [name for protocol in AUDIENCES.values() for name in _own_messages(protocol)]
    assert sorted(declared) == sorted(_messages())
    assert not _own_messages(Texts)


def test_every_command_and_unit_kind_is_described_in_both_languages() -> None:
    for texts in CATALOGUES.values():
        for command in Command:
            assert texts.command_description(command)
        for kind in UnitKind:
            assert texts.unit_kind(kind)


@pytest.mark.parametrize(
    ("stored", "telegram", "expected"),
    [
        (None, None, Language.ID),
        (None, "en", Language.EN),
        (None, "en-GB", Language.EN),
        (None, "de", Language.ID),
        (Language.ID, "en", Language.ID),
        (Language.EN, "id", Language.EN),
    ],
)
def test_language_resolution(
    stored: Language | None, telegram: str | None, expected: Language
) -> None:
    chosen = None if stored is None else StoredLanguage(stored, chosen=True)
    assert reading_language(chosen, language_from_code(telegram), Language.ID) is expected


def test_golden_welcome_indonesian() -> None:
    assert CATALOGUES[Language.ID].welcome("Siti", Role.CITIZEN, None) == (
        "Halo, Siti! Ini layanan <b>kinerja</b> untuk menilai pelayanan publik.\n\n"
        "Pindai kode QR di loket unit layanan setelah Anda dilayani untuk mengisi survei "
        "kepuasan singkat. Jawaban Anda anonim.\n\nKetik /help untuk bantuan."
    )


def test_golden_welcome_english() -> None:
    assert CATALOGUES[Language.EN].welcome("Siti", Role.CITIZEN, None) == (
        "Hello, Siti! This is <b>kinerja</b>, where you rate public services.\n\n"
        "After you have been served, scan the QR code at the service counter to fill in a "
        "short satisfaction survey. Your answers are anonymous.\n\nType /help for help."
    )


# ------------------------------------------------------------------ hostile values, every text

Args = dict[str, Any]

ELEMENTS: list[Args] = [{"code": code} for code in ELEMENT_CODES]
KEYS: dict[str, list[Args]] = {
    "element_question": ELEMENTS,
    "element_label": ELEMENTS,
    "element_name": ELEMENTS,
    "waiting_range": [{"code": code} for code, _ in WAITING_RANGES],
    "profile_question": [{"step": step} for step in PROFILE_CHOICES],
    "profile_label": [
        {"step": step, "code": code} for step, codes in PROFILE_CHOICES.items() for code in codes
    ],
    "summary_weakest": [{"element": code} for code in ELEMENT_CODES],
    "summary_missing_elements": [{"elements": list(ELEMENT_CODES)}],
    "summary_importance": [
        {
            "items": [
                (code, 3, nrr, weak)
                for code in ELEMENT_CODES
                for nrr in (None, Decimal("3.1"))
                for weak in (False, True)
            ]
        }
    ],
    "cli_catalog_loaded": [
        {key: {"unit": 2, "metric": 0} for key in ("created", "updated", "deactivated")}
    ],
}
"""Parameters that are keys into the catalogue's own tables (element codes, waiting ranges,
change kinds), not text: they get every valid key instead of a hostile value."""
NOT_SHOWN = {("value_problem", "metric")}
"""Text parameters a message takes but never shows (it shows the metric's limits only)."""


def _hostile(tag: str) -> str:
    """A value that breaks Telegram HTML unless escaped, and shows double escaping."""
    return f'Rina <{tag}> & "x" &lt;b&gt;'


def _values(hint: Any, tag: str) -> list[Any]:
    """Every value worth rendering for a parameter of this type; strings are hostile."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Html:
        return [Html(f"<b>{escape(_hostile(tag))}</b>")]
    if hint is str:
        return [_hostile(tag)]
    if hint is bool:
        return [False, True]
    if hint is int:
        return [0, 1, 4]
    if hint is Decimal:
        return [Decimal("12.5")]
    if hint is Fraction:
        return [Fraction(25, 2)]
    if hint is datetime:
        return [datetime(2026, 11, 25, 10, 30, tzinfo=UTC)]
    if hint is date:
        return [date(2026, 11, 23), date(2026, 11, 27)]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return list(hint)
    if origin in (types.UnionType, typing.Union):
        return [v for arg in args for v in ([None] if arg is type(None) else _values(arg, tag))]
    if origin is tuple and args[-1] is Ellipsis:  # tuple[X, ...]: as a sequence of X
        one = _values(args[0], tag)
        many = [_values(args[0], f"{tag}.{i}")[0] for i in range(16)]
        return [(), tuple(one), tuple(many)]
    if origin is tuple:
        return list(itertools.product(*(_values(a, f"{tag}.{i}") for i, a in enumerate(args))))
    if origin is abc.Sequence:
        many = [_values(args[0], f"{tag}.{i}")[0] for i in range(16)]
        return [[], _values(args[0], tag), many]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        fields = typing.get_type_hints(hint)
        names = [f.name for f in dataclasses.fields(hint) if f.init]
        return [
            hint(**dict(zip(names, combination, strict=True)))
            for combination in itertools.product(
                *(_values(fields[name], f"{tag}.{name}") for name in names)
            )
        ]
    raise AssertionError(f"no values for {hint} ({tag}): teach _values this type")


def _calls(name: str) -> list[Args]:
    """Every combination of values for the method's parameters, read from the Protocol."""
    hints = typing.get_type_hints(getattr(Texts, name))
    parameters = [p for p in inspect.signature(getattr(Texts, name)).parameters if p != "self"]
    keyed = KEYS.get(name, [{}])
    free = [p for p in parameters if p not in keyed[0]]
    combinations = itertools.product(*(_values(hints[p], f"{name}.{p}") for p in free))
    return [
        {**keys, **dict(zip(free, values, strict=True))}
        for values in combinations
        for keys in keyed
    ]


def _hostile_values(value: Any, parameter: str) -> list[tuple[str, str]]:
    """(parameter, hostile string) for every hostile string inside an argument."""
    if isinstance(value, str) and value.startswith("<b>Rina &lt;"):  # an Html piece
        return [(parameter, html.unescape(value.removeprefix("<b>").removesuffix("</b>")))]
    if isinstance(value, str) and value.startswith("Rina <"):
        return [(parameter, value)]
    if isinstance(value, list | tuple):
        return [found for item in value for found in _hostile_values(item, parameter)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            found
            for f in dataclasses.fields(value)
            for found in _hostile_values(getattr(value, f.name), parameter)
        ]
    return []


def test_every_text_shows_hostile_values_as_typed() -> None:
    """Every method of both catalogues, every enum member, both branches of every flag, with
    a value such as `Rina <Kepala Ruang> & "x"` in every text parameter: each message parses
    as Telegram HTML (the emulator's parser) and shows each value exactly as typed, neither
    broken nor escaped twice; each plain text shows it unescaped. A new method is covered
    without touching this test; a new parameter type needs a line in `_values`."""
    shown: set[tuple[str, str]] = set()
    rendered = 0
    for name in _messages():
        markup = typing.get_type_hints(getattr(Texts, name))["return"] is Html
        for catalogue in CATALOGUES.values():
            for arguments in _calls(name):
                result = getattr(catalogue, name)(**arguments)
                rendered += 1
                text = parse_html(result).text if markup else result
                if markup:  # a long summary is cut at lines: each line closes its tags
                    for line in result.split("\n"):
                        parse_html(line)
                for parameter, value in (
                    found for p, v in arguments.items() for found in _hostile_values(v, p)
                ):
                    tag = value.split("<", 1)[1].split(">", 1)[0]
                    if f"<{tag}>" in text:
                        shown.add((name, parameter))
                    assert f"<{tag}>" not in text or value in text, (name, arguments, text)
                    assert "&lt;" + tag not in text, (name, arguments, text)  # escaped twice
    assert rendered > 2000
    text_parameters = {
        (name, parameter)
        for name in _messages()
        for parameter in inspect.signature(getattr(Texts, name)).parameters
        if parameter not in KEYS.get(name, [{}])[0]
        and any(_hostile_values(v, parameter) for v in _values_of(name, parameter))
    }
    assert text_parameters - shown == NOT_SHOWN


def _values_of(name: str, parameter: str) -> list[Any]:
    if parameter == "self":
        return []
    return _values(typing.get_type_hints(getattr(Texts, name))[parameter], f"{name}.{parameter}")


def test_a_piece_of_markup_passed_in_is_kept_and_plain_texts_are_not_escaped() -> None:
    line = ID.history_line(date(2026, 11, 23), METRIC, "35 pasien", True)
    assert "<b>" not in line
    history = ID.history(date(2026, 11, 23), date(2026, 11, 27), [Html("<b>a &amp; b</b>")])
    assert history.endswith("\n<b>a &amp; b</b>")  # an Html parameter is not escaped again
    assert ID.detail_button("Poli <Gigi> & Mulut") == "🔎 Poli <Gigi> & Mulut"
    assert ID.report_verified("Rina <Kepala Ruang>") == "Laporan Rina <Kepala Ruang> diverifikasi."
    assert ID.chart_capaian("A & B") == "Capaian IKU (%) · A & B"


@pytest.mark.parametrize(
    ("value", "places", "indonesian", "english"),
    [
        pytest.param(Decimal("2.125"), 2, "2,13", "2.13", id="half up, not half even"),
        pytest.param(Decimal("57.25"), 1, "57,3", "57.3", id="one decimal"),
        pytest.param(Decimal("1234.5"), 0, "1.235", "1,235", id="thousands"),
        pytest.param(3.0643, 4, "3,0643", "3.0643", id="a float as written"),
    ],
)
def test_numbers_round_half_up_in_both_notations(
    value: Decimal | float, places: int, indonesian: str, english: str
) -> None:
    assert number(value, Language.ID, places) == indonesian
    assert number(value, Language.EN, places) == english
