"""Fails any test that tries to reach the network beyond this machine.

Mirrors PTB's `OfflineRequest` in spirit, one level lower: every socket connect is checked, so
httpx, asyncpg and anything else are covered alike. Loopback and Unix sockets stay allowed
(the Bot API emulator, the local PostgreSQL server).
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any


class NetworkAccessDenied(RuntimeError):
    pass


_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex


def _check(sock: socket.socket, address: Any) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if host == "localhost":
        return
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise NetworkAccessDenied(f"tests may not resolve or reach {host!r}") from None
    if not ip.is_loopback:
        raise NetworkAccessDenied(f"tests may not reach {host}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(self, address)
    _original_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(self, address)
    return _original_connect_ex(self, address)


def install() -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign,assignment]
