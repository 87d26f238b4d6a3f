"""(placeholder while the web app is being built: its routes come in the next commits)"""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute


def routes(*_: Any, **__: Any) -> list[BaseRoute]:
    return []
