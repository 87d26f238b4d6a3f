"""Html, the type of a chat message, and the one rule that keeps values out of its markup.

Messages are sent with Telegram's HTML parse mode, where one unescaped `<` in a name makes
Telegram refuse the whole message. So the catalogues never trust a caller to escape: every
method of a catalogue that returns `Html` receives its arguments already escaped (`escaping`,
applied to each catalogue class), and a caller passes values exactly as stored or typed.

- `Html` is markup: a catalogue's message, or `Html` pieces joined. A parameter typed `Html`
  takes such a piece (a rendered line put into a list) and is passed through untouched.
- `str` is plain text: button labels, pop-ups, the command menu, chart labels, captions sent
  without a parse mode, workbook cells and terminal output. Plain texts are never escaped.
- `escape` turns plain text into `Html`; `bot.render.plain_text` turns `Html` into the plain
  text a user reads (for a pop-up that shows a message's text, or the terminal).

Why a class decorator rather than an escaping helper called at each interpolation: a forgotten
call is exactly the bug this replaces (the old rule, "callers escape what users typed", failed
for first names, staff names and unit names). Here nothing has to be remembered, a new message
is covered by being a method, and the message bodies stay readable f-strings. The catalogue
test renders every method with hostile values to prove it.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import html
import inspect
import typing
from collections.abc import Callable
from typing import Any, NewType, TypeVar

Html = NewType("Html", str)
"""Telegram HTML: tags are meant, every interpolated value was escaped."""

C = TypeVar("C", bound=type)


def escape(text: str) -> Html:
    """Plain text as markup that shows it as typed (quotes too, so it is safe in attributes)."""
    return Html(html.escape(text))


def escaping(catalogue: C) -> C:
    """Every `Html` method of the class gets its arguments escaped: strings, and the strings
    inside tuples, lists and dataclasses such as `Metric`, whatever their depth. Parameters
    typed `Html` (or a sequence of it) are already markup and pass as they are. Enums, numbers
    and dates are not text. Methods returning plain `str` are left alone."""
    for name, method in list(vars(catalogue).items()):
        if name.startswith("_") or not inspect.isfunction(method):
            continue
        hints = typing.get_type_hints(method)
        if hints.get("return") is not Html:
            continue
        markup = {p for p, hint in hints.items() if p != "return" and _mentions_html(hint)}
        setattr(catalogue, name, _escaped(method, markup))
    return catalogue


def _escaped(method: Callable[..., Html], markup: set[str]) -> Callable[..., Html]:
    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Html:
        bound = signature.bind(*args, **kwargs)
        for parameter, value in list(bound.arguments.items())[1:]:  # after self
            if parameter not in markup:
                bound.arguments[parameter] = _escape_value(value)
        return method(*bound.args, **bound.kwargs)

    return wrapper


def _mentions_html(hint: Any) -> bool:
    return hint is Html or any(_mentions_html(arg) for arg in typing.get_args(hint))


def _escape_value(value: Any) -> Any:
    if isinstance(value, enum.Enum) or value is None:
        return value
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, tuple | list):
        return type(value)(_escape_value(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = _escape_value(old)
            if field.init and new != old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, dict | set | frozenset):
        raise TypeError(f"a catalogue message cannot escape a {type(value).__name__}")
    return value
