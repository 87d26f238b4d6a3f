"""A local Telegram Bot API server for tests, the demo and the terminal chat.

It speaks the real wire protocol (`/bot<token>/<method>`, JSON, form or multipart parameters,
`{"ok": …}` answers), so the unmodified python-telegram-bot `Application` runs against it in
polling and in webhook mode. Its Python driver plays the users.
"""

from bot.emulator.server import BotApiEmulator, EmulatorError, FaultPlan, SentMessage
from bot.emulator.users import EmulatedUser

__all__ = ["BotApiEmulator", "EmulatedUser", "EmulatorError", "FaultPlan", "SentMessage"]
