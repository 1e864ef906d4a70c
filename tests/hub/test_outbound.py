"""The outbound HTTP client against real servers on 127.0.0.1, and its address guard without any connection.

Network rule: nothing here ever connects outside loopback. Non-public addresses are
checked by classification only, or refused before any connection is attempted
(which `no_connections` proves for the tests that name one).
"""

import gzip
import re
import socket
import threading
import time
import zlib

import pytest
import urllib3.util.connection
from django.core.checks import run_checks
from django.utils import translation
from pytest_httpserver import HTTPServer
from werkzeug import Response

from hub import outbound


@pytest.fixture(autouse=True)
def _english():
    # The messages asserted below are the English ones; one test reads the Georgian.
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def running_server():
    # Bound to 127.0.0.1 itself (pytest-httpserver's default is the name "localhost").
    with HTTPServer(host="127.0.0.1", port=0) as httpserver:
        yield httpserver


@pytest.fixture
def server(running_server):
    yield running_server
    running_server.clear()


@pytest.fixture
def no_loopback(settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = False


@pytest.fixture
def no_connections(monkeypatch):
    """Every connection urllib3 would open is recorded and refused instead."""
    attempts = []

    def refuse(address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"the client tried to connect to {address}")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", refuse)
    return attempts


@pytest.fixture
def fast(settings):
    settings.OUTBOUND_TOTAL_TIMEOUT = 1.5
    settings.OUTBOUND_CONNECT_TIMEOUT = 0.5
    settings.OUTBOUND_BACKOFF = 0.01


class RawServer:
    """A threaded TCP server on 127.0.0.1 whose handler writes whatever bytes a test wants, when it wants."""

    def __init__(self, handler):
        self.handler = handler
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                connection, _address = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection):
        with connection:
            try:
                connection.recv(65536)
                self.handler(connection, self.stopped)
            except OSError:
                pass  # the client hung up: that is what these servers are for

    def close(self):
        self.stopped.set()
        self.sock.close()
        self.thread.join(timeout=2)


@pytest.fixture
def raw_server():
    servers = []

    def start(handler):
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for running in servers:
        running.close()


# --- The guard, by classification only ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "private address"),
        ("10.255.255.255", "private address"),
        ("172.16.0.1", "private address"),
        ("172.31.255.254", "private address"),
        ("192.168.1.1", "private address"),
        ("169.254.1.1", "link-local address"),
        ("169.254.169.254", "cloud metadata address"),
        ("169.254.170.2", "cloud metadata address"),
        ("100.100.100.200", "cloud metadata address"),
        ("192.0.0.192", "cloud metadata address"),
        ("fd00:ec2::254", "cloud metadata address"),
        ("100.64.0.1", "shared (carrier-grade NAT) address"),
        ("100.127.255.254", "shared (carrier-grade NAT) address"),
        ("127.0.0.1", "loopback address"),
        ("127.0.0.2", "loopback address"),
        ("::1", "loopback address"),
        ("0.0.0.0", "unspecified address"),
        ("::", "unspecified address"),
        ("fe80::1", "link-local address"),
        ("febf::1", "link-local address"),
        ("fc00::1", "private address"),
        ("fd12:3456::1", "private address"),
        ("224.0.0.1", "multicast address"),
        ("239.255.255.250", "multicast address"),
        ("ff02::1", "multicast address"),
        ("240.0.0.1", "private address"),
        ("255.255.255.255", "private address"),
        ("192.0.2.1", "private address"),
        ("198.18.0.1", "private address"),
        ("::ffff:10.0.0.1", "IPv4-mapped IPv6 address"),
        ("::ffff:127.0.0.1", "IPv4-mapped IPv6 address"),
        ("::ffff:8.8.8.8", "IPv4-mapped IPv6 address"),
        ("2002:0a00:0001::1", "IPv6 address that carries a non-public IPv4 address"),
        ("64:ff9b::a9fe:a9fe", "IPv6 address that carries a non-public IPv4 address"),
    ],
)
def test_non_public_addresses_are_refused_by_classification(address, reason):
    assert str(outbound.address_refusal(address)) == reason


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "185.139.56.1", "2001:4860:4860::8888", "2a00:1450:4001::1"])
def test_public_addresses_pass(address):
    assert outbound.address_refusal(address) is None


def test_the_allow_list_lets_loopback_through_and_nothing_else():
    assert outbound.address_refusal("127.0.0.2", allow_loopback=True) is None
    assert outbound.address_refusal("::1", allow_loopback=True) is None
    assert str(outbound.address_refusal("10.0.0.1", allow_loopback=True)) == "private address"
    assert str(outbound.address_refusal("169.254.169.254", allow_loopback=True)) == "cloud metadata address"
    assert str(outbound.address_refusal("::ffff:127.0.0.1", allow_loopback=True)) == "IPv4-mapped IPv6 address"


def test_a_name_that_resolves_to_a_private_address_is_refused_before_any_connection(monkeypatch, no_connections):
    looked_up = []

    def resolver(host, port, *args, **kwargs):
        looked_up.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(outbound.AddressRefused) as refused:
        outbound.fetch("https://portal.example.ge/wp-json/")
    assert str(refused.value) == "The hub does not fetch from portal.example.ge: it resolves to 10.1.2.3 (private address)."
    assert refused.value.code == "address_refused"
    with translation.override("ka"):
        assert str(refused.value) == (
            "ჰაბი portal.example.ge-დან მონაცემებს არ იღებს: სახელი მიუთითებს მისამართზე 10.1.2.3 (კერძო ქსელის მისამართი)."
        )
    assert looked_up == ["portal.example.ge"]
    assert no_connections == []


def test_one_private_answer_among_public_ones_refuses_the_name(monkeypatch, no_connections):
    def resolver(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fd00:ec2::254", port, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(outbound.AddressRefused, match=re.escape("fd00:ec2::254 (cloud metadata address)")):
        outbound.fetch("http://portal.example.ge/")
    assert no_connections == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 (cloud metadata address)"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 (IPv4-mapped IPv6 address)"),
        ("http://[fe80::1]/", "fe80::1 (link-local address)"),
        ("http://100.64.0.1/", "100.64.0.1 (shared (carrier-grade NAT) address)"),
        # The resolver reads these forms as 10.0.0.1; the guard sees what the resolver answers.
        ("http://0x0a000001/", "10.0.0.1 (private address)"),
        ("http://167772161/", "10.0.0.1 (private address)"),
    ],
)
def test_address_literals_are_refused_before_any_connection(url, message, no_connections):
    with pytest.raises(outbound.AddressRefused, match=re.escape(message)):
        outbound.fetch(url)
    assert no_connections == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed.xml", "file:///etc/passwd", "gopher://127.0.0.1:70/", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url, no_connections):
    with pytest.raises(outbound.AddressRefused):
        outbound.fetch(url)
    assert no_connections == []


def test_credentials_in_the_address_are_refused(no_connections):
    with pytest.raises(outbound.AddressRefused, match="give credentials separately"):
        outbound.fetch("http://admin:secret@127.0.0.1/")
    assert no_connections == []


# --- Live refusals on loopback -----------------------------------------------------------------------


def test_loopback_is_refused_when_the_allow_list_is_off(server, no_loopback):
    server.expect_request("/").respond_with_data("secret")
    with pytest.raises(outbound.AddressRefused, match=re.escape("127.0.0.1 (loopback address)")):
        outbound.fetch(server.url_for("/"))
    with pytest.raises(outbound.AddressRefused, match=re.escape("127.0.0.2 (loopback address)")):
        outbound.fetch(f"http://127.0.0.2:{server.port}/")
    with pytest.raises(outbound.AddressRefused, match=re.escape("localhost: it resolves to 127.0.0.1 (loopback address)")):
        outbound.fetch(f"http://localhost:{server.port}/")
    assert server.log == []


def test_loopback_is_fetched_with_the_allow_list_on(server):
    server.expect_request("/feed").respond_with_json({"ok": "კი"})
    response = outbound.fetch(server.url_for("/feed"))
    assert response.status == 200
    assert response.json() == {"ok": "კი"}
    assert response.headers["content-type"] == "application/json"
    request = server.log[0][0]
    assert request.headers["User-Agent"] == "MunicipalKnowledgeHub/1.0 (+http://127.0.0.1:8000)"
    assert request.headers["Accept-Encoding"] == "gzip, deflate"


def test_ipv6_loopback_is_fetched_with_the_allow_list_on_and_refused_without(settings):
    with HTTPServer(host="::1", port=0) as server_v6:
        server_v6.expect_request("/").respond_with_data("v6")
        url = f"http://[::1]:{server_v6.port}/"
        response = outbound.fetch(url)
        assert response.body == b"v6"
        assert server_v6.log[0][0].headers["Host"] == f"[::1]:{server_v6.port}"
        settings.OUTBOUND_ALLOW_LOOPBACK = False
        with pytest.raises(outbound.AddressRefused, match=re.escape("::1 (loopback address)")):
            outbound.fetch(url)
        assert len(server_v6.log) == 1


def test_the_user_agent_comes_from_the_setting(server, settings):
    settings.OUTBOUND_USER_AGENT = "TbilisiHub/2 (+https://hub.example.ge)"
    server.expect_request("/").respond_with_data("ok")
    outbound.fetch(server.url_for("/"))
    assert server.log[0][0].headers["User-Agent"] == "TbilisiHub/2 (+https://hub.example.ge)"


def test_the_client_connects_to_the_vetted_address_and_keeps_the_name(server, monkeypatch):
    """DNS rebinding: the name is resolved once; a second answer (private) is never asked for or used."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.0.0.1"])
    looked_up = []

    def rebinding_resolver(host, port, *args, **kwargs):
        if host != "portal.example.ge":
            return real_getaddrinfo(host, port, *args, **kwargs)
        looked_up.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_resolver)
    server.expect_request("/one").respond_with_data("", status=302, headers={"Location": "/two"})
    server.expect_request("/two").respond_with_data("pinned")
    response = outbound.fetch(f"http://portal.example.ge:{server.port}/one")
    assert response.body == b"pinned"
    assert response.url == f"http://portal.example.ge:{server.port}/two"
    assert looked_up == ["portal.example.ge"]
    assert [request.headers["Host"] for request, _response in server.log] == [f"portal.example.ge:{server.port}"] * 2


# --- Redirects ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/iam/", "169.254.169.254 (cloud metadata address)"),
        ("http://10.0.0.7:8080/admin", "10.0.0.7 (private address)"),
        ("http://[::ffff:192.168.0.1]/", "::ffff:192.168.0.1 (IPv4-mapped IPv6 address)"),
        ("file:///etc/passwd", "Only http and https addresses can be fetched."),
    ],
)
def test_a_redirect_to_a_refused_address_is_refused(server, location, message, monkeypatch):
    server.expect_request("/").respond_with_data("", status=302, headers={"Location": location})
    connections = []
    real_create_connection = urllib3.util.connection.create_connection

    def loopback_only(address, *args, **kwargs):
        connections.append(address[0])
        assert address[0] == "127.0.0.1"
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", loopback_only)
    with pytest.raises(outbound.AddressRefused, match=re.escape(message)):
        outbound.fetch(server.url_for("/"))
    assert connections == ["127.0.0.1"]
    assert len(server.log) == 1


def test_a_redirect_loop_is_cut(server):
    server.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(outbound.TooManyRedirects) as loop:
        outbound.fetch(server.url_for("/a"))
    assert str(loop.value) == f"The remote site redirects in a loop (back to {server.url_for('/a')})."
    assert len(server.log) == 2


def test_a_redirect_chain_longer_than_the_limit_is_cut(server, settings):
    settings.OUTBOUND_MAX_REDIRECTS = 3
    for hop in range(10):
        server.expect_request(f"/{hop}").respond_with_data("", status=307, headers={"Location": f"/{hop + 1}"})
    with pytest.raises(outbound.TooManyRedirects, match="redirected more than 3 times"):
        outbound.fetch(server.url_for("/0"))
    assert len(server.log) == 4


def test_redirects_within_the_limit_are_followed(server):
    server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    server.expect_request("/new").respond_with_data("here")
    response = outbound.fetch(server.url_for("/old"))
    assert (response.status, response.body, response.url) == (200, b"here", server.url_for("/new"))


def test_credentials_stay_with_their_origin(server):
    server.expect_request("/private").respond_with_data(
        "", status=302, headers={"Location": f"http://localhost:{server.port}/elsewhere"}
    )
    server.expect_request("/elsewhere").respond_with_data("ok")
    outbound.fetch(server.url_for("/private"), auth=("harvester", "s3cret"))
    first, second = (request for request, _response in server.log)
    assert first.headers["Authorization"].startswith("Basic ")
    assert "Authorization" not in second.headers


# --- Size ----------------------------------------------------------------------------------------------


def test_an_oversized_body_is_refused(server):
    server.expect_request("/").respond_with_data("x" * 5000)
    with pytest.raises(outbound.ResponseTooLarge, match="larger than 1000 bytes"):
        outbound.fetch(server.url_for("/"), max_bytes=1000)
    assert outbound.fetch(server.url_for("/"), max_bytes=5000).body == b"x" * 5000


def test_an_oversized_body_without_a_length_is_cut_while_streaming(raw_server):
    def endless(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
        while not stopped.is_set():
            connection.sendall(b"x" * 65536)

    endless_server = raw_server(endless)
    started = time.monotonic()
    with pytest.raises(outbound.ResponseTooLarge):
        outbound.fetch(endless_server.url, max_bytes=1_000_000)
    assert time.monotonic() - started < 2


def test_a_gzip_bomb_is_cut_after_decoding(server):
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    server.expect_request("/").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(outbound.ResponseTooLarge, match="larger than 1000000 bytes"):
        outbound.fetch(server.url_for("/"), max_bytes=1_000_000)


def test_gzip_and_deflate_answers_are_decoded(server):
    text = "თბილისის მერია ".encode() * 200
    server.expect_request("/gz").respond_with_data(gzip.compress(text), headers={"Content-Encoding": "gzip"})
    server.expect_request("/zz").respond_with_data(zlib.compress(text), headers={"Content-Encoding": "deflate"})
    assert outbound.fetch(server.url_for("/gz")).body == text
    assert outbound.fetch(server.url_for("/zz")).body == text


def test_a_damaged_or_unknown_encoding_is_a_malformed_body(server):
    server.expect_request("/bad").respond_with_data(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    server.expect_request("/br").respond_with_data(b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
    with pytest.raises(outbound.MalformedBody, match="compressed answer is damaged"):
        outbound.fetch(server.url_for("/bad"))
    with pytest.raises(outbound.MalformedBody, match=r"encoding the hub does not read \(br\)"):
        outbound.fetch(server.url_for("/br"))


# --- Time ----------------------------------------------------------------------------------------------


def test_a_slow_drip_is_cut_at_the_total_deadline(raw_server, fast):
    def drip(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while not stopped.is_set():
            connection.sendall(b"x")
            time.sleep(0.05)

    slow = raw_server(drip)
    started = time.monotonic()
    with pytest.raises(outbound.FetchTimeout) as timeout:
        outbound.fetch(slow.url)
    elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 2.5
    assert str(timeout.value) == "The remote site did not answer within 1.5 seconds."
    assert timeout.value.code == "timeout"


def test_headers_dripped_slowly_are_cut_at_the_total_deadline(raw_server, fast):
    def drip_headers(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stopped.is_set():
            connection.sendall(b"X-Slow: y\r\n")
            time.sleep(0.05)

    slow = raw_server(drip_headers)
    started = time.monotonic()
    with pytest.raises(outbound.FetchTimeout):
        outbound.fetch(slow.url)
    assert time.monotonic() - started < 2.5


def test_a_server_that_never_answers_times_out(raw_server, fast):
    def silent(connection, stopped):
        stopped.wait(10)

    silent_server = raw_server(silent)
    started = time.monotonic()
    with pytest.raises(outbound.FetchTimeout):
        outbound.fetch(silent_server.url)
    assert time.monotonic() - started < 2.5


def test_a_closed_port_fails_after_the_retries(fast, settings):
    settings.OUTBOUND_RETRIES = 2
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(outbound.ConnectionFailed, match=r"could not connect to 127.0.0.1 \(ConnectionError\)"):
        outbound.fetch(f"http://127.0.0.1:{port}/")


# --- Retries, conditional requests ----------------------------------------------------------------------


def test_a_500_then_recovery_is_retried(server, settings):
    settings.OUTBOUND_RETRIES = 2
    server.expect_ordered_request("/").respond_with_data("down", status=500)
    server.expect_ordered_request("/").respond_with_data("busy", status=503)
    server.expect_ordered_request("/").respond_with_data("back")
    response = outbound.fetch(server.url_for("/"))
    assert (response.status, response.body) == (200, b"back")
    assert len(server.log) == 3


def test_a_server_that_stays_down_fails_with_its_status(server, settings):
    settings.OUTBOUND_RETRIES = 2
    server.expect_request("/").respond_with_data("down", status=502)
    with pytest.raises(outbound.UpstreamStatus) as failure:
        outbound.fetch(server.url_for("/"))
    assert failure.value.status == 502
    assert str(failure.value) == "The remote site answered with HTTP status 502."
    assert len(server.log) == 3


def test_a_client_error_is_not_retried(server):
    server.expect_request("/").respond_with_data("gone", status=404)
    with pytest.raises(outbound.UpstreamStatus) as failure:
        outbound.fetch(server.url_for("/"))
    assert failure.value.status == 404
    assert len(server.log) == 1


def test_retry_after_is_honoured_within_its_cap(server, settings):
    settings.OUTBOUND_RETRY_AFTER_MAX = 2
    server.expect_ordered_request("/").respond_with_data("slow down", status=429, headers={"Retry-After": "1"})
    server.expect_ordered_request("/").respond_with_data("ok")
    started = time.monotonic()
    assert outbound.fetch(server.url_for("/")).body == b"ok"
    assert time.monotonic() - started >= 1


def test_a_retry_after_beyond_the_cap_is_not_waited_for(server, settings):
    settings.OUTBOUND_RETRY_AFTER_MAX = 2
    server.expect_request("/").respond_with_data("come back tomorrow", status=429, headers={"Retry-After": "86400"})
    started = time.monotonic()
    with pytest.raises(outbound.UpstreamStatus) as failure:
        outbound.fetch(server.url_for("/"))
    assert failure.value.status == 429
    assert time.monotonic() - started < 1
    assert len(server.log) == 1


def test_retries_never_outlast_the_total_deadline(server, settings):
    settings.OUTBOUND_TOTAL_TIMEOUT = 3
    settings.OUTBOUND_RETRIES = 10
    settings.OUTBOUND_RETRY_AFTER_MAX = 60
    server.expect_request("/").respond_with_data("busy", status=503, headers={"Retry-After": "2"})
    started = time.monotonic()
    with pytest.raises(outbound.UpstreamStatus):
        outbound.fetch(server.url_for("/"))
    # One wait of two seconds fits in the deadline, a second one does not: the fetch gives up instead of sleeping past it.
    assert time.monotonic() - started < 3
    assert len(server.log) == 2


def test_a_matching_etag_gives_not_modified(server):
    def conditional(request):
        if request.headers.get("If-None-Match") == '"v7"':
            return Response(status=304, headers={"ETag": '"v7"'})
        return Response('{"items": []}', headers={"ETag": '"v7"', "Content-Type": "application/json"})

    server.expect_request("/feed").respond_with_handler(conditional)
    first = outbound.fetch(server.url_for("/feed"))
    assert (first.status, first.not_modified, first.headers["ETag"]) == (200, False, '"v7"')
    again = outbound.fetch(server.url_for("/feed"), etag=first.headers["ETag"], modified_since="Tue, 01 Dec 2026 10:00:00 GMT")
    assert (again.status, again.not_modified, again.body) == (304, True, b"")
    assert server.log[1][0].headers["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


# --- Bodies --------------------------------------------------------------------------------------------


def test_malformed_json_is_refused(server):
    server.expect_request("/").respond_with_data('{"items": [1, 2', content_type="application/json")
    with pytest.raises(outbound.MalformedBody, match="not valid JSON"):
        outbound.fetch(server.url_for("/")).json()


def test_deeply_nested_json_is_refused(server):
    server.expect_request("/deep").respond_with_data("[" * 100 + "]" * 100)
    server.expect_request("/deeper").respond_with_data("[" * 100_000 + "]" * 100_000)
    for path in ("/deep", "/deeper"):
        with pytest.raises(outbound.MalformedBody, match="nested too deeply"):
            outbound.fetch(server.url_for(path)).json()
    assert outbound.OutboundResponse("u", 200, {}, b"[" * 64 + b"]" * 64).json() is not None


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<rss><channel><title>&lol5;</title></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&xxe;</title></channel></rss>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">
<rss><channel><title>x</title></channel></rss>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD], ids=["billion-laughs", "external-entity", "external-dtd"])
def test_hostile_xml_is_refused(body):
    started = time.monotonic()
    with pytest.raises(outbound.MalformedBody, match="declares a DTD or entities") as refused:
        outbound.parse_xml(body)
    assert refused.value.code == "malformed_body"
    assert time.monotonic() - started < 0.5


def test_invalid_xml_is_refused_and_valid_xml_is_read(server):
    with pytest.raises(outbound.MalformedBody, match="not valid XML"):
        outbound.parse_xml(b"<rss><channel></rss>")
    server.expect_request("/feed.xml").respond_with_data(
        "<rss><channel><title>ქუთაისის მერია</title></channel></rss>".encode(), content_type="application/rss+xml"
    )
    root = outbound.parse_xml(outbound.fetch(server.url_for("/feed.xml")).body)
    assert root.find("channel/title").text == "ქუთაისის მერია"


# --- TLS to the pinned address ---------------------------------------------------------------------------


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """An HTTPS server on 127.0.0.1 with a certificate for portal.test only, trusted as the CA bundle."""
    import datetime
    import http.server
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("portal.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server_names = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = self.headers["Host"].encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    context.sni_callback = lambda _socket, server_name, _context: server_names.append(server_name)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    real_getaddrinfo = socket.getaddrinfo

    def names_on_loopback(host, port, *args, **kwargs):
        return real_getaddrinfo("127.0.0.1" if host.endswith(".test") else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", names_on_loopback)
    monkeypatch.setattr("requests.adapters.DEFAULT_CA_BUNDLE_PATH", str(tmp_path / "cert.pem"))
    yield httpd.server_port, server_names
    httpd.shutdown()
    httpd.server_close()


def test_tls_to_the_pinned_address_checks_the_name(tls_server):
    port, server_names = tls_server
    response = outbound.fetch(f"https://portal.test:{port}/wp-json/")
    assert response.body == f"portal.test:{port}".encode()
    assert server_names == ["portal.test"]


def test_a_certificate_for_another_name_is_refused_without_retries(tls_server, settings):
    settings.OUTBOUND_RETRIES = 2
    port, server_names = tls_server
    with pytest.raises(outbound.ConnectionFailed) as refused:
        outbound.fetch(f"https://impostor.test:{port}/")
    assert str(refused.value) == "The TLS certificate of impostor.test could not be verified."
    assert server_names == ["impostor.test"]


def test_the_deploy_check_warns_of_loopback_in_production(settings):
    settings.DEBUG = False
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    assert [warning.id for warning in outbound.loopback_deploy_check(None)] == ["hub.W001"]
    assert "hub.W001" in [message.id for message in run_checks(include_deployment_checks=True)]
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    assert outbound.loopback_deploy_check(None) == []


def test_a_resolver_that_hangs_is_cut_at_the_total_deadline(monkeypatch, fast, no_connections):
    answered = threading.Event()

    def hanging_resolver(host, port, *args, **kwargs):
        answered.wait(5)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", hanging_resolver)
    started = time.monotonic()
    with pytest.raises(outbound.FetchTimeout, match="could not be resolved in time"):
        outbound.fetch("http://portal.example.ge/")
    assert time.monotonic() - started < 2.5
    answered.set()
    assert no_connections == []
