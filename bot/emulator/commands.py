"""The bot's command menus, kept as Telegram keeps them: one list per scope and language.

setMyCommands, getMyCommands and deleteMyCommands address one list by its scope (a
BotCommandScope) and `language_code`; a chat's app shows the first list that applies, in the
order of the Bot API's "Determining list of commands". The refusals are the Bot API's own
(TDLib's `BotCommandScope::get_bot_command_scope` and `validate_bot_language_code`).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.emulator.errors import ApiError
from bot.emulator.messages import JSON
from bot.emulator.params import json_param

CommandsKey = tuple[str, str]
"""(scope, language code). The scope is its type, followed by `:chat_id` for a scope of one
chat (and `:user_id` for one member of it): `("default", "")`, `("chat:2001", "en")`."""

_CHATLESS = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators")
_OF_A_CHAT = ("chat", "chat_administrators", "chat_member")


def _scope_error(problem: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse BotCommandScope: {problem}")


def _chat_id(scope: JSON) -> str:
    value = scope.get("chat_id")
    if value is None or value == "":
        raise _scope_error("Empty chat_id specified")
    return str(value).strip()


def _user_id(scope: JSON) -> int:
    value = scope.get("user_id")
    if value is None:
        raise _scope_error('Can\'t find field "user_id"')
    try:
        user_id = int(str(value))
    except ValueError:
        raise _scope_error('Field "user_id" must be a valid Number') from None
    if user_id <= 0:
        raise _scope_error("Invalid user_id specified")
    return user_id


def commands_key(params: JSON) -> CommandsKey:
    """The list a call addresses; no scope means the default scope."""
    scope = json_param(params, "scope")
    if scope is None:
        name = "default"
    elif not isinstance(scope, Mapping):
        raise _scope_error("BotCommandScope must be an Object")
    else:
        kind = str(scope.get("type") or "")
        if kind in _CHATLESS:
            name = kind
        elif kind in _OF_A_CHAT:
            name = f"{kind}:{_chat_id(dict(scope))}"
            if kind == "chat_member":
                name += f":{_user_id(dict(scope))}"
        else:
            raise _scope_error("Unsupported type specified")
    language = str(params.get("language_code") or "")
    if language and not (len(language) == 2 and language.isascii() and language.islower()):
        raise ApiError(400, "Bad Request: invalid language code specified")
    return name, language


def shown_in_private_chat(
    menus: Mapping[CommandsKey, list[JSON]], chat_id: int, language_code: str | None
) -> list[JSON]:
    """What a user's app lists in their private chat with the bot: the chat's own list, then
    the one for all private chats, then the default, each first in the user's language. An
    empty list is no list (setMyCommands with no commands is how a bot removes one)."""
    language = (language_code or "")[:2].lower()
    for scope in (f"chat:{chat_id}", "all_private_chats", "default"):
        for key in ((scope, language), (scope, "")):
            if menus.get(key):
                return menus[key]
    return []


# ------------------------------------------------------------------------------ menu buttons

_MENU_BUTTON_TYPES = ("commands", "web_app", "default")


def web_app_url_error(url: object) -> ApiError | None:
    """Telegram opens a Mini App only over https, whether from a menu or an inline button."""
    if isinstance(url, str) and url.startswith("https://") and len(url) > len("https://"):
        return None
    return ApiError(
        400, f"Bad Request: Web App URL '{url}' is invalid: Only HTTPS links are allowed"
    )


def menu_button(params: JSON) -> JSON:
    """setChatMenuButton's `menu_button`, checked as Telegram checks it (no button: default)."""
    button = json_param(params, "menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in _MENU_BUTTON_TYPES:
        raise ApiError(400, "Bad Request: can't parse menu button: unsupported type")
    if button["type"] == "web_app":
        web_app = button.get("web_app")
        if not button.get("text") or not isinstance(web_app, dict):
            raise ApiError(400, "Bad Request: can't parse menu button: text and web_app expected")
        error = web_app_url_error(web_app.get("url"))
        if error is not None:
            raise error
    return button
