"""The survey use cases need no Telegram: a citizen of any channel (the chat, the web page of
the next issue) walks the same path, against a real database."""

from __future__ import annotations

from bot.services import Services, Viewer
from bot.settings import Settings
from bot.usecases import survey
from bot.usecases.survey import AskConsent, Finished, Question, Refused
from db.engine import Database
from kinerja.identity import identity_hash
from kinerja.survey import SKIP, Refusal, Status, Step, can_skip
from kinerja.types import Language, Role
from tests.bot.conftest import SECRET
from tests.bot.personas import POLI_UMUM
from tests.clock import FakeClock


def _services(database: Database, database_url: str, clock: FakeClock) -> Services:
    settings = Settings(
        _env_file=None, telegram_bot_token="123:test", database_url=database_url, secret_key=SECRET
    )
    return Services(
        settings=settings, database=database, clock=clock, secret=settings.secret_bytes()
    )


def _citizen(services: Services, user_id: int) -> Viewer:
    return Viewer(
        telegram_user_id=user_id,
        first_name="Warga",
        identity_hash=identity_hash(services.secret, user_id),
        role=Role.CITIZEN,
        language=Language.ID,
        person=None,
    )


async def _answer(services: Services, viewer: Viewer, question: Question) -> object:
    step = question.step
    if step is Step.WAITING:
        return await survey.receive_text(services, viewer, "10", chat_id=viewer.telegram_user_id)
    if step.is_element or step is Step.OVERALL:
        return await survey.answer_button(services, viewer, question.response.id, step, "4")
    assert can_skip(step, question.response.options)
    return await survey.answer_button(services, viewer, question.response.id, step, SKIP)


async def test_a_whole_survey_through_the_use_cases_alone(
    catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    services = _services(catalog_database, database_url, clock)
    citizen = _citizen(services, 4242)

    asked = await survey.open_survey_link(services, citizen, f"u_{POLI_UMUM}")
    assert isinstance(asked, AskConsent)
    outcome: object = await survey.consent(services, citizen, asked.unit.id, asked.token_payload)
    steps: list[Step] = []
    while isinstance(outcome, Question):
        assert outcome.problem is None
        steps.append(outcome.step)
        outcome = await _answer(services, citizen, outcome)

    assert isinstance(outcome, Finished)
    assert outcome.response.status is Status.COMPLETED
    assert outcome.ticket is None
    assert steps[0].is_element
    assert Step.WAITING in steps
    assert len(steps) == len(set(steps))
    assert outcome.response.waiting_minutes == 10
    assert set(outcome.response.scores.values()) == {4}

    again = await survey.open_survey_link(services, citizen, f"u_{POLI_UMUM}")
    assert again == Refused(Refusal.ALREADY_ANSWERED, asked.unit)


async def test_a_tap_on_someone_elses_survey_changes_nothing(
    catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    services = _services(catalog_database, database_url, clock)
    owner, stranger = _citizen(services, 5001), _citizen(services, 5002)
    asked = await survey.open_survey_link(services, owner, f"u_{POLI_UMUM}")
    assert isinstance(asked, AskConsent)
    first = await survey.consent(services, owner, asked.unit.id, None)
    assert isinstance(first, Question)

    tapped = await survey.answer_button(services, stranger, first.response.id, first.step, "1")

    assert tapped == Refused(Refusal.STALE)
    mine = await survey.current_question(services, owner)
    assert isinstance(mine, Question)
    assert mine.step is first.step
    assert mine.response.scores == {}
