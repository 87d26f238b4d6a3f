from __future__ import annotations

import socket

import pytest

from tests.netguard import NetworkAccessDenied


def test_a_public_address_is_refused_before_any_packet() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(NetworkAccessDenied),
    ):
        sock.connect(("203.0.113.10", 443))  # TEST-NET-3, never routed


def test_a_private_address_is_refused_too() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(NetworkAccessDenied),
    ):
        sock.connect(("10.1.2.3", 80))


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())
