"""A local Telegram Bot API server for tests, the demo and the terminal chat.

It speaks the real wire protocol (`/bot<token>/<method>`, JSON, form or multipart parameters,
`{"ok": …}` answers), so the unmodified python-telegram-bot `Application` runs against it in
polling and in webhook mode. Its Python driver plays the users.

Modules, each importing only those listed before it: `errors`, `messages` (a sent message),
`faults`, `entities` (HTML parsing and length limits), `params`, `store` (chats and files),
`updates` (polling queue and webhook), `users` (the driver), `methods` (the Bot API methods),
`routes` (HTTP), `server` (`BotApiEmulator`).
"""

from bot.emulator.errors import EmulatorError
from bot.emulator.faults import FaultPlan
from bot.emulator.messages import SentMessage
from bot.emulator.server import BotApiEmulator
from bot.emulator.users import EmulatedUser

__all__ = ["BotApiEmulator", "EmulatedUser", "EmulatorError", "FaultPlan", "SentMessage"]
