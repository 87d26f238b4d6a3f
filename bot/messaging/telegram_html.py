"""Telegram's HTML parse mode, parsed the way the Bot API server parses it.

A port of tdlib's `parse_html` (td/telegram/MessageEntity.cpp), which the Bot API server runs on
every text sent with `parse_mode=HTML`: the same supported tags, the same entities, the same
error descriptions (after "Bad Request: can't parse entities: "). Only an unescaped `<` is
fatal; a stray `&` or `>` is kept as typed, as Telegram keeps it. Offsets and lengths are
UTF-16 code units, as Telegram counts them (https://core.telegram.org/api/entities).

One parser serves the emulator (so a bad message fails a test as it would fail in
production), the catalogue test, and the terminal and pop-ups that show a message as plain
text, so none of them can disagree with another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\r\n\v\0"
"""td::is_space; the end of the text counts as one, as the NUL that ends a C string."""
_END = "\0"
_SPECIAL = re.compile("[&<]")
_PRIORITY = {"blockquote": 0, "expandable_blockquote": 0, "pre": 11, "code": 20}
"""Entity order at one offset after offset and length, as tdlib's sort_entities."""


class HtmlError(ValueError):
    """Telegram's own description of why it cannot parse the text."""


@dataclass(frozen=True, slots=True)
class Entity:
    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        """A MessageEntity as the Bot API returns it."""
        payload: dict[str, Any] = {"type": self.type, "offset": self.offset, "length": self.length}
        for key in ("url", "language", "custom_emoji_id"):
            value = getattr(self, key)
            if value is not None:
                payload[key] = value
        return payload


@dataclass(frozen=True, slots=True)
class Parsed:
    text: str
    """What the user reads: tags removed, entities decoded."""
    entities: tuple[Entity, ...] = ()


@dataclass(slots=True)
class _Open:
    tag: str
    argument: str
    offset: int
    begin: int
    """Index in the parsed text where the entity's content starts."""


def utf16_length(text: str) -> int:
    """Telegram's length of a text: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _is_space(c: str) -> bool:
    return c in _SPACE


def _is_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _lower(text: str) -> str:
    """ASCII-only lower case, as td::to_lower."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _byte_offset(markup: str, index: int) -> int:
    return len(markup[:index].encode("utf-8", "surrogatepass"))


def _decode_entity(markup: str, pos: int) -> tuple[str, int] | None:
    """The character of the entity at `pos` (an `&`) and where it ends, or None: kept literal."""
    at = _reader(markup)
    end = pos + 1
    if at(pos + 1) == "#":
        end += 1
        code = 0
        if at(pos + 2) == "x":
            end += 1
            while at(end) in "0123456789abcdefABCDEF":
                code = code * 16 + int(at(end), 16)
                end += 1
        else:
            while "0" <= at(end) <= "9":
                code = code * 10 + int(at(end))
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        character = chr(code)
    else:
        while at(end).isascii() and at(end).isalpha():
            end += 1
        named = _NAMED.get(markup[pos + 1 : end])
        if named is None:
            return None
        character = named
    return character, end + 1 if at(end) == ";" else end


def _reader(markup: str) -> Callable[[int], str]:
    """Character access that reads past the end as NUL, as tdlib reads its C string."""
    size = len(markup)

    def at(index: int) -> str:
        return markup[index] if index < size else _END

    return at


def parse_html(markup: str) -> Parsed:
    """The text and entities Telegram makes of `markup`; HtmlError with its description."""
    if "\0" in markup:
        raise HtmlError("Text must not contain null bytes")
    at = _reader(markup)
    out: list[str] = []
    size = 0
    """Characters in `out`, as indices into the parsed text."""
    utf16 = 0
    entities: list[Entity] = []
    nested: list[_Open] = []
    surrogate = False
    i = 0
    while i < len(markup):
        found = _SPECIAL.search(markup, i)
        stop = len(markup) if found is None else found.start()
        if stop > i:
            chunk = markup[i:stop]
            out.append(chunk)
            size += len(chunk)
            utf16 += utf16_length(chunk)
            i = stop
            continue
        if markup[i] == "&":
            decoded = _decode_entity(markup, i)
            if decoded is None:
                out.append("&")
                size += 1
                utf16 += 1
                i += 1
            else:
                character, i = decoded
                surrogate |= 0xD800 <= ord(character) <= 0xDFFF
                out.append(character)
                size += 1
                utf16 += utf16_length(character)
            continue

        begin = i
        i += 1
        if at(i) != "/":
            while not _is_space(at(i)) and at(i) != ">":
                i += 1
            if at(i) == _END:
                raise HtmlError(f"Unclosed start tag at byte offset {_byte_offset(markup, begin)}")
            tag = _lower(markup[begin + 1 : i])
            if tag not in _TAGS:
                raise HtmlError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(markup, begin)}'
                )
            argument = ""
            while at(i) != ">":
                while at(i) != _END and _is_space(at(i)):
                    i += 1
                if at(i) == ">":
                    break
                name_begin = i
                while not _is_space(at(i)) and at(i) not in "=>/\"'":
                    i += 1
                name = markup[name_begin:i]
                if not name:
                    raise HtmlError(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{_byte_offset(markup, begin)}"
                    )
                while at(i) != _END and _is_space(at(i)):
                    i += 1
                if at(i) != "=":  # an attribute without a value
                    if at(i) == _END:
                        raise HtmlError(
                            f'Unclosed start tag "{tag}" at byte offset '
                            f"{_byte_offset(markup, begin)}"
                        )
                    if tag == "blockquote" and name == "expandable":
                        argument = "expandable"
                    continue
                i += 1
                while at(i) != _END and _is_space(at(i)):
                    i += 1
                if at(i) == _END:
                    raise HtmlError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(markup, begin)}'
                    )
                if at(i) not in "'\"":
                    token_begin = i
                    while _is_alnum(at(i)) or at(i) in ".-":
                        i += 1
                    value = _lower(markup[token_begin:i])
                    if not _is_space(at(i)) and at(i) != ">":
                        raise HtmlError(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(markup, token_begin)}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    chars: list[str] = []
                    while at(i) != quote and at(i) != _END:
                        if at(i) == "&":
                            decoded = _decode_entity(markup, i)
                            if decoded is not None:
                                chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        chars.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if at(i) == _END:
                    raise HtmlError(
                        f"Unclosed start tag at byte offset {_byte_offset(markup, begin)}"
                    )
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value.removeprefix("language-")
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value.removeprefix("tg-")
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and name == "expandable":
                    argument = "expandable"
            if tag == "span" and argument != "spoiler":
                raise HtmlError(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(markup, begin)}"
                )
            nested.append(_Open(tag, argument, utf16, size))
            i += 1  # past ">"
            continue

        if not nested:
            raise HtmlError(f"Unexpected end tag at byte offset {_byte_offset(markup, begin)}")
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        end_tag = _lower(markup[begin + 2 : i])
        while _is_space(at(i)) and at(i) != _END:
            i += 1
        if at(i) != ">":
            raise HtmlError(f"Unclosed end tag at byte offset {_byte_offset(markup, begin)}")
        i += 1
        opened = nested.pop()
        if end_tag and end_tag != opened.tag:
            raise HtmlError(
                f"Unmatched end tag at byte offset {_byte_offset(markup, begin)}, "
                f'expected "</{opened.tag}>", found "</{end_tag}>"'
            )
        if utf16 > opened.offset:
            content = "".join(out)[opened.begin :] if opened.tag == "a" else ""
            _close(opened, utf16 - opened.offset, content, entities)
    if nested:
        raise HtmlError(f"Can't find end tag corresponding to start tag {nested[-1].tag}")
    if surrogate:
        raise HtmlError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for "
            "unmatched surrogate code units"
        )
    # a language is kept only on a pre block; tdlib clears the others after parsing
    entities = [Entity("code", e.offset, e.length) if e.type == "code" else e for e in entities]
    entities.sort(key=lambda e: (e.offset, -e.length, _PRIORITY.get(e.type, 50)))
    return Parsed("".join(out), tuple(entities))


def _close(opened: _Open, length: int, content: str, entities: list[Entity]) -> None:
    offset, tag, argument = opened.offset, opened.tag, opened.argument
    last = entities[-1] if entities else None
    same_span = last is not None and (last.offset, last.length) == (offset, length)
    if tag in _SIMPLE:
        entities.append(Entity(_SIMPLE[tag], offset, length))
    elif tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise HtmlError("Invalid custom emoji identifier specified")
        entities.append(Entity("custom_emoji", offset, length, custom_emoji_id=argument))
    elif tag == "a":
        url = argument or content
        if url:  # Telegram drops a link it cannot check; the text stays
            entities.append(Entity("text_link", offset, length, url=url))
    elif tag == "pre":
        if same_span and last is not None and last.type == "code" and last.language:
            entities[-1] = Entity("pre", offset, length, language=last.language)
        else:
            entities.append(Entity("pre", offset, length))
    elif tag == "code":
        if same_span and last is not None and last.type == "pre" and argument:
            entities[-1] = Entity("pre", offset, length, language=argument)
        else:
            entities.append(Entity("code", offset, length, language=argument or None))
    else:  # blockquote
        kind = "expandable_blockquote" if argument == "expandable" else "blockquote"
        entities.append(Entity(kind, offset, length))
