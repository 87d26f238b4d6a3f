"""The scripted citizen: one emulated person who takes the SKM survey in the chat, tap by tap.

The demo, the throughput bench and the crash test all drive citizens through the real bot with
this one script; they differ only in how the citizen answers (`Answers`) and how fast.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.emulator.users import EmulatedUser
from bot.texts import Texts, texts_for
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import WAITING_RANGES
from kinerja.tokens import unit_payload
from kinerja.types import Language

_CHOSEN = "✓ "
"""How a button shows the answer already chosen; the citizen reads past it."""


class Answers(Protocol):
    """What a citizen answers, asked at the moment the question is on screen."""

    def score(self, code: str) -> int:
        """1 to 4 for the SKM element `code`."""
        ...

    def waiting(self) -> str:
        """A waiting-time range code from `kinerja.survey.WAITING_RANGES`."""
        ...

    def importance(self) -> str:
        """The element code the citizen finds most important."""
        ...


def score(rng: random.Random, quality: float) -> int:
    """Mostly 3 and 4, as real SKM answers are; `quality` shifts a unit up or down."""
    roll = rng.random() + quality
    return 4 if roll > 0.62 else 3 if roll > 0.12 else 2 if roll > 0.03 else 1


def waiting_minutes(rng: random.Random) -> int:
    return min(600, int(rng.lognormvariate(3.4, 0.55)))


def waiting_range(minutes: int) -> str:
    """The range a wait of `minutes` falls in (the last one for anything longer)."""
    return next((c for c, m in WAITING_RANGES if m >= minutes), WAITING_RANGES[-1][0])


@dataclass(frozen=True, slots=True)
class RandomAnswers:
    """A plausible citizen of a unit of the given `quality`, drawn from `rng`.

    Each answer is drawn once, the first time its question is asked: a question seen again
    (the message shown anew while the tap's answer is on its way) gets the same answer, so
    what a citizen answers does not depend on how often the screen changed."""

    rng: random.Random
    quality: float
    _drawn: dict[str, str | int] = field(default_factory=dict)

    def score(self, code: str) -> int:
        if code not in self._drawn:
            self._drawn[code] = score(self.rng, self.quality)
        return int(self._drawn[code])

    def waiting(self) -> str:
        if "waiting" not in self._drawn:
            self._drawn["waiting"] = waiting_range(waiting_minutes(self.rng))
        return str(self._drawn["waiting"])

    def importance(self) -> str:
        if "importance" not in self._drawn:
            self._drawn["importance"] = self.rng.choice(("U3", "U7", "U8", "U1"))
        return str(self._drawn["importance"])


def choose(texts: Texts, text: str, buttons: list[str], answers: Answers) -> str | None:
    """What the citizen taps on the survey message it sees (`buttons` without the ✓)."""
    if texts.consent_agree() in buttons:
        return texts.consent_agree()
    for code in ELEMENT_CODES:
        if texts.element_question(code) in text:
            return texts.element_label(code, answers.score(code))
    if texts.waiting_question() in text:
        return texts.waiting_range(answers.waiting())
    if texts.complaint_question() in text:
        return texts.no_complaint_button()
    if texts.importance_question() in text:
        return texts.element_name(answers.importance())
    if texts.skip_button() in buttons:
        return texts.skip_button()
    return None


async def take_survey(
    user: EmulatedUser,
    unit_code: str,
    answers: Answers,
    *,
    texts: Texts | None = None,
    complaint: str | None = None,
    within: float = 60.0,
    think: Callable[[], float] | None = None,
    latencies: list[float] | None = None,
    first_reply: list[float] | None = None,
) -> int:
    """Scan the unit's poster and answer until the thanks; returns the taps made.

    A `complaint` is typed (once) when the bot asks for one, and no photo follows it. `think`
    gives the seconds to pause before each tap; `latencies` collects the seconds from each tap
    to the next message the bot shows, `first_reply` those from the scan to the first. A tap
    is never repeated on an unchanged message: its answer may still be on its way.
    """
    texts = texts or texts_for(Language.ID)
    scanned_at = time.perf_counter()
    await user.start(unit_payload(unit_code))
    done: tuple[int, str, str] | None = None
    tapped_at: float | None = None
    taps = 0
    while True:
        await user.next_message(within=within)
        if first_reply is not None:  # the first message only
            first_reply.append(time.perf_counter() - scanned_at)
            first_reply = None
        if tapped_at is not None and latencies is not None:
            latencies.append(time.perf_counter() - tapped_at)
        tapped_at = None
        user.drain()
        current = user.last_message
        text = current.text or ""
        if text.startswith(texts.survey_thanks(None)):
            return taps
        if not current.buttons:
            continue  # an old message losing its keyboard; the new one is on its way
        if complaint and texts.complaint_question() in text:
            if done != (current.message_id, text, complaint):
                await user.send(complaint)
                done = (current.message_id, text, complaint)
            continue
        buttons = [b.removeprefix(_CHOSEN) for b in current.button_texts]
        if texts.photo_question() in text:
            label: str | None = texts.no_photo_button()
        else:
            label = choose(texts, text, buttons, answers)
        if label is None or done == (current.message_id, text, label):
            continue
        button = next((b for b in current.button_texts if b.removeprefix(_CHOSEN) == label), None)
        if button is None:
            raise RuntimeError(f"no button {label!r} on {text!r}: {current.button_texts}")
        if think is not None:
            await asyncio.sleep(think())
        tapped_at = time.perf_counter()
        await user.press(current, button)
        taps += 1
        done = (current.message_id, text, label)
