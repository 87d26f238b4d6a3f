"""How the emulator refuses: the Bot API's error answers, and a test's misuse of the driver."""

from __future__ import annotations


class EmulatorError(AssertionError):
    """A test drove the emulator into something Telegram would not allow."""


class ApiError(Exception):
    """An error answer, `{"ok": false, "error_code": …}`, as Telegram gives it."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


class Unanswered(Exception):
    """The request gets no answer: the HTTP layer holds it until the client gives up."""
