"""The survey's question counter: "pertanyaan n dari N" counts the questions this citizen is
asked, the same N the consent names, rising by one to "N dari N"."""

from __future__ import annotations

import pytest

from kinerja.skm import ELEMENT_CODES
from kinerja.survey import Step, survey_plan
from kinerja.survey_flow import question_number, questions
from kinerja.types import SurveyOptions, SurveyTemplate

ELEMENTS = tuple(Step(code) for code in ELEMENT_CODES)
PROFILE = (Step.SEX, Step.AGE, Step.EDUCATION, Step.OCCUPATION)


@pytest.mark.parametrize(
    ("options", "asked"),
    [
        pytest.param(SurveyOptions(), (*ELEMENTS, Step.WAITING, Step.COMPLAINT), id="skm-11"),
        pytest.param(
            SurveyOptions(ask_importance=True),
            (*ELEMENTS, Step.WAITING, Step.COMPLAINT, Step.IMPORTANCE),
            id="importance-12",
        ),
        pytest.param(
            SurveyOptions(ask_profile=True),
            (*ELEMENTS, Step.WAITING, Step.COMPLAINT, *PROFILE),
            id="profile-15",
        ),
        pytest.param(
            SurveyOptions(ask_importance=True, ask_profile=True),
            (*ELEMENTS, Step.WAITING, Step.COMPLAINT, Step.IMPORTANCE, *PROFILE),
            id="both-16",
        ),
        pytest.param(
            SurveyOptions(skippable_elements=frozenset({"U9"})),
            (*ELEMENTS, Step.WAITING, Step.COMPLAINT),
            id="a-skippable-element-is-still-asked",
        ),
        pytest.param(
            SurveyOptions(template=SurveyTemplate.SHORT),
            (Step.OVERALL, Step.WAITING, Step.COMPLAINT),
            id="short-3",
        ),
    ],
)
def test_questions_are_the_plan_without_the_photo(
    options: SurveyOptions, asked: tuple[Step, ...]
) -> None:
    """The photo is asked only after a complaint is written: counting it would make N depend
    on an answer the consent cannot know."""
    assert questions(options) == asked
    assert Step.PHOTO in survey_plan(options)


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(SurveyOptions(), id="skm"),
        pytest.param(SurveyOptions(ask_importance=True, ask_profile=True), id="everything"),
        pytest.param(SurveyOptions(template=SurveyTemplate.SHORT), id="short"),
    ],
)
def test_the_counter_rises_by_one_and_ends_at_n_of_n(options: SurveyOptions) -> None:
    total = len(questions(options))
    numbers = [question_number(options, step) for step in questions(options)]
    assert numbers == [(n, total) for n in range(1, total + 1)]


def test_the_photo_carries_its_complaints_number() -> None:
    options = SurveyOptions(ask_importance=True)
    assert question_number(options, Step.COMPLAINT) == (11, 12)
    assert question_number(options, Step.PHOTO) == (11, 12)
    assert question_number(options, Step.IMPORTANCE) == (12, 12)
