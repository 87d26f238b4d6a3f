"""Reading our own pages as a browser without JavaScript would: the forms, their hidden fields
and their choices, with the standard library's HTML parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    """The values of its radio buttons and of its submit buttons named "choice"."""
    buttons: dict[str, str] = field(default_factory=dict)
    """A submit button's id → (name=value)."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", "")))
        elif self.forms and tag == "input" and a.get("type") == "hidden":
            self.forms[-1].hidden[a["name"]] = a.get("value", "")
        elif self.forms and tag == "input" and a.get("type") == "radio":
            self.forms[-1].choices.append(a["value"])
        elif self.forms and tag == "button":
            if a.get("name") == "choice":
                self.forms[-1].choices.append(a["value"])
            if "id" in a:
                self.forms[-1].buttons[a["id"]] = f"{a.get('name', '')}={a.get('value', '')}"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_page(html: str) -> tuple[list[Form], str]:
    """The page's forms and its visible text (spaces squeezed)."""
    reader = _Reader()
    reader.feed(html)
    return reader.forms, " ".join(" ".join(reader.text).split())
