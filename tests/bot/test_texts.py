"""The catalogues agree, and the main wording is pinned per language (golden texts)."""

from __future__ import annotations

import inspect

import pytest

from bot.texts import CATALOGUES, Texts, language_of
from bot.texts.en import English
from bot.texts.id import Indonesian
from kinerja.roles import Command
from kinerja.types import Language, Role, UnitKind


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
    assert language_of(stored, telegram, Language.ID) is expected


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
