"""The suite's own network rule (tests/conftest.py): a test can only ever connect to loopback."""

import socket

import pytest


@pytest.mark.parametrize(("family", "address"), [
    (socket.AF_INET, ("10.0.0.1", 80)),
    (socket.AF_INET, ("169.254.169.254", 80)),
    (socket.AF_INET6, ("fe80::1", 80, 0, 0)),
])  # fmt: skip
def test_a_connection_beyond_loopback_is_refused_before_it_is_opened(family, address):
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(ConnectionRefusedError, match="loopback only"):
        sock.connect(address)
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(ConnectionRefusedError, match="loopback only"):
        sock.connect_ex(address)


def test_loopback_is_reachable():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname(), timeout=2):
            pass
