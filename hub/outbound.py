"""The one client for every outbound HTTP request the hub makes (harvesting portals, other hubs).

A portal's URL is typed in by an organization's admin, so each request is
treated as hostile until shown otherwise:

- **SSRF guard**: the client resolves the name itself, refuses any private,
  loopback, link-local, shared (CGNAT), multicast, reserved or metadata
  address among the answers, and then connects to the vetted address — the
  name is resolved once, so DNS rebinding cannot swap in another address
  between the check and the connection. The Host header, TLS SNI and the
  certificate check still use the name. Redirects are followed here, one hop
  at a time, and every hop is vetted again.
- **Time**: a connect timeout, and one total deadline for the whole fetch
  (retries and redirects included), enforced by a watchdog that shuts the
  socket down, so a server that drips one byte a second is cut off too.
- **Size**: a maximum body size, counted while streaming and again after
  gzip/deflate decoding (which this module does itself, in bounded steps, so
  a gzip bomb never expands in memory).
- **Retries**: connection errors, 5xx and 429 are retried a bounded number
  of times with exponential backoff, honouring Retry-After up to a cap.
- **Parsing**: `OutboundResponse.json()` bounds the nesting depth;
  `parse_xml()` goes through defusedxml and refuses DTDs and entities.

Every failure is an `OutboundError` with a stable `code` and a translatable
`message` that a harvest run can show as it is.
"""

import contextvars
import email.utils
import ipaddress
import json as json_lib
import socket
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree
import requests
import urllib3
from django.conf import settings
from django.core import checks
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_JSON_DEPTH = 64
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK_SIZE = 64 * 1024
# Named for a clear message; every one of them is also outside the global ranges.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean ...
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


class OutboundError(Exception):
    """A fetch that did not give a usable answer; `code` is stable, `message` is for people."""

    code = "outbound_error"
    default_message = _("The remote site could not be read.")

    def __init__(self, message=None, *, url: str = ""):
        self.message = message if message is not None else self.default_message
        self.url = url
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class AddressRefused(OutboundError):
    code = "address_refused"
    default_message = _("The address is not allowed: the hub only fetches from public web sites.")


class ResponseTooLarge(OutboundError):
    code = "response_too_large"
    default_message = _("The answer is larger than the hub accepts.")


class FetchTimeout(OutboundError):
    code = "timeout"
    default_message = _("The remote site did not answer in time.")


class TooManyRedirects(OutboundError):
    code = "too_many_redirects"
    default_message = _("The remote site redirected too many times.")


class ConnectionFailed(OutboundError):
    code = "connection_failed"
    default_message = _("The hub could not connect to the remote site.")


class UpstreamStatus(OutboundError):
    code = "upstream_status"

    def __init__(self, status: int, *, url: str = ""):
        self.status = status
        super().__init__(format_lazy(_("The remote site answered with HTTP status {status}."), status=status), url=url)


class MalformedBody(OutboundError):
    code = "malformed_body"
    default_message = _("The answer could not be read: it is not valid JSON or XML.")


@dataclass(frozen=True)
class OutboundResponse:
    url: str
    status: int
    headers: Mapping[str, str] = field(default_factory=CaseInsensitiveDict)
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def json(self) -> Any:
        try:
            data = json_lib.loads(self.body)
        except RecursionError:
            raise MalformedBody(_too_deep_message(), url=self.url) from None
        except ValueError as exc:
            raise MalformedBody(
                format_lazy(_("The answer is not valid JSON ({error})."), error=str(exc)), url=self.url
            ) from None
        if _nesting_depth(data) > MAX_JSON_DEPTH:
            raise MalformedBody(_too_deep_message(), url=self.url)
        return data


def _too_deep_message():
    return format_lazy(_("The JSON answer is nested too deeply (more than {depth} levels)."), depth=MAX_JSON_DEPTH)


def _nesting_depth(data: Any) -> int:
    """How deep lists and objects nest, walked without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((item, depth + 1) for item in value)
    return deepest


def parse_xml(body: bytes):
    """The root element of `body`; DTDs, entity declarations and external references are refused."""
    try:
        return defusedxml.ElementTree.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise MalformedBody(
            format_lazy(_("The XML answer declares a DTD or entities, which the hub refuses ({error})."), error=exc)
        ) from None
    except (defusedxml.ElementTree.ParseError, ValueError) as exc:
        raise MalformedBody(format_lazy(_("The answer is not valid XML ({error})."), error=str(exc))) from None


def loopback_deploy_check(app_configs, **kwargs) -> list[checks.Warning]:
    """`check --deploy`: production never lets harvesting reach the services on the hub's own machine."""
    if settings.OUTBOUND_ALLOW_LOOPBACK and not settings.DEBUG:
        return [
            checks.Warning(
                "OUTBOUND_ALLOW_LOOPBACK is on with DEBUG=0: a source's address could reach services on this machine.",
                hint="Leave OUTBOUND_ALLOW_LOOPBACK unset in production.",
                id="hub.W001",
            )
        ]
    return []


# --- The address guard -------------------------------------------------------------------------------


def address_refusal(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_loopback: bool = False):
    """Why the hub must not connect to `address` (a lazy message), or None if it is a public address."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if ip in METADATA_ADDRESSES:
        return _("cloud metadata address")
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return _("IPv4-mapped IPv6 address")
        embedded = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64_PREFIX:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and address_refusal(embedded) is not None:
            return _("IPv6 address that carries a non-public IPv4 address")
    if ip.is_loopback:
        return None if allow_loopback else _("loopback address")
    if ip.is_unspecified:
        return _("unspecified address")
    if ip.is_link_local:
        return _("link-local address")
    if ip.is_multicast:
        return _("multicast address")
    if ip.version == 4 and ip in ipaddress.IPv4Network("100.64.0.0/10"):
        return _("shared (carrier-grade NAT) address")
    if ip.is_private:
        return _("private address")
    if ip.is_reserved or not ip.is_global:
        return _("reserved address")
    return None


def _resolve(host: str, port: int, timeout: float | None) -> list:
    """getaddrinfo within `timeout` seconds: the system resolver has no timeout of its own to give."""
    if timeout is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    outcome: dict[str, Any] = {}

    def resolve():
        try:
            outcome["answers"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            outcome["error"] = exc

    # A resolver that hangs keeps only this daemon thread; the fetch goes on to its timeout.
    worker = threading.Thread(target=resolve, daemon=True, name=f"outbound-resolve-{host}")
    worker.start()
    worker.join(max(timeout, 0))
    if "error" in outcome:
        raise outcome["error"]
    if "answers" not in outcome:
        raise TimeoutError(host)
    return outcome["answers"]


def vetted_addresses(host: str, port: int, *, url: str = "", timeout: float | None = None) -> list[str]:
    """The addresses to connect to for `host`, in the resolver's order; every one of them must be public."""
    allow_loopback = settings.OUTBOUND_ALLOW_LOOPBACK
    try:
        answers = _resolve(host, port, timeout)
    except TimeoutError:
        raise FetchTimeout(
            format_lazy(_("The name {host} could not be resolved in time."), host=host), url=url
        ) from None
    except (OSError, UnicodeError) as exc:
        raise ConnectionFailed(
            format_lazy(_("The name {host} could not be resolved ({error})."), host=host, error=exc), url=url
        ) from None
    addresses = list(dict.fromkeys(answer[4][0] for answer in answers))
    # One bad answer refuses the name: otherwise a rebinding server only needs to win the order.
    for address in addresses:
        reason = address_refusal(address, allow_loopback=allow_loopback)
        if reason is not None:
            raise AddressRefused(
                format_lazy(
                    _("The hub does not fetch from {host}: it resolves to {address} ({reason})."),
                    host=host,
                    address=address,
                    reason=reason,
                ),
                url=url,
            )
    if not addresses:
        raise ConnectionFailed(format_lazy(_("The name {host} could not be resolved."), host=host), url=url)
    return addresses


# --- The deadline watchdog ---------------------------------------------------------------------------


class _Watchdog:
    """Shuts down every socket of one fetch when its total deadline passes, whatever the socket is blocked on."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        try:
            # The plain socket's shutdown, also for TLS: it only wakes the reader, never touches the TLS state.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()


_WATCHDOG: contextvars.ContextVar[_Watchdog | None] = contextvars.ContextVar("outbound_watchdog", default=None)


class _WatchedConnectionMixin:
    def connect(self):
        super().connect()
        watchdog = _WATCHDOG.get()
        if watchdog is not None:
            watchdog.watch(self.sock)


class _HTTPConnection(_WatchedConnectionMixin, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnectionMixin, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _PinnedAdapter(HTTPAdapter):
    """Connects to the address vetted for each name (never resolving it again); TLS still checks the name."""

    def __init__(self):
        self.pins: dict[str, list[str]] = {}
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        name = host_params["host"]
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = name
            pool_kwargs["assert_hostname"] = name
        # A name that was never vetted has no pin: the KeyError stops the request before any connection.
        return {**host_params, "host": self.pins[name][0]}, pool_kwargs


# --- Fetching ----------------------------------------------------------------------------------------


@dataclass
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    host_header: str

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port


def _target(url: str) -> _Target:
    try:
        prepared = requests.Request("GET", url).prepare()
        parts = urlsplit(prepared.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (requests.RequestException, ValueError) as exc:
        raise AddressRefused(format_lazy(_("{url} is not a valid web address."), url=url), url=url) from exc
    if parts.scheme not in {"http", "https"}:
        raise AddressRefused(_("Only http and https addresses can be fetched."), url=url)
    if parts.username or parts.password:
        raise AddressRefused(_("The address holds a user name or password; give credentials separately."), url=url)
    if not parts.hostname:
        raise AddressRefused(format_lazy(_("{url} is not a valid web address."), url=url), url=url)
    host_header = parts.netloc.rpartition("@")[2]
    return _Target(prepared.url, parts.scheme, parts.hostname, port, host_header)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class _Fetch:
    def __init__(self, *, headers, auth, max_bytes: int, watchdog: _Watchdog):
        self.session = requests.Session()
        # Proxies from the environment would connect to the name, not the vetted address.
        self.session.trust_env = False
        self.adapter = _PinnedAdapter()
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        self.headers = headers
        self.auth = auth
        self.max_bytes = max_bytes
        self.watchdog = watchdog

    def timeout_error(self, url: str) -> FetchTimeout:
        return FetchTimeout(
            format_lazy(
                _("The remote site did not answer within {seconds} seconds."), seconds=settings.OUTBOUND_TOTAL_TIMEOUT
            ),
            url=url,
        )

    def pin(self, target: _Target) -> None:
        if target.host not in self.adapter.pins:
            self.adapter.pins[target.host] = vetted_addresses(
                target.host, target.port, url=target.url, timeout=self.watchdog.remaining()
            )

    def send(self, target: _Target, *, auth) -> requests.Response:
        """One hop, with retries on connection errors, 5xx and 429, inside the total deadline."""
        attempts = 1 + max(0, settings.OUTBOUND_RETRIES)
        for attempt in range(attempts):
            remaining = self.watchdog.remaining()
            if remaining <= 0:
                raise self.timeout_error(target.url)
            try:
                response = self.session.get(
                    target.url,
                    headers={**self.headers, "Host": target.host_header},
                    auth=auth,
                    allow_redirects=False,
                    stream=True,
                    # The watchdog ends the fetch at the deadline; the socket's own timeout is only a backstop.
                    timeout=(min(settings.OUTBOUND_CONNECT_TIMEOUT, remaining), remaining + 1),
                )
            except requests.RequestException as exc:
                if self.watchdog.expired or self.watchdog.remaining() <= 0:
                    raise self.timeout_error(target.url) from None
                if isinstance(exc, requests.exceptions.SSLError):
                    # A certificate that does not fit the name will not fit it on the next attempt either.
                    raise ConnectionFailed(
                        format_lazy(_("The TLS certificate of {host} could not be verified."), host=target.host),
                        url=target.url,
                    ) from None
                if isinstance(exc, requests.ConnectionError):
                    # The next attempt tries the name's next vetted address (IPv6 first, then IPv4, say).
                    addresses = self.adapter.pins[target.host]
                    addresses.append(addresses.pop(0))
                last_error = ConnectionFailed(
                    format_lazy(_("The hub could not connect to {host} ({error})."), host=target.host, error=type(exc).__name__),
                    url=target.url,
                )
                wait = None
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                response.close()
                last_error = UpstreamStatus(response.status_code, url=target.url)
                wait = _retry_after(response)
            if attempt + 1 == attempts:
                break
            backoff = settings.OUTBOUND_BACKOFF * 2**attempt
            if wait is not None:
                if wait > settings.OUTBOUND_RETRY_AFTER_MAX:
                    break
                backoff = max(backoff, wait)
            if backoff >= self.watchdog.remaining():
                break
            time.sleep(backoff)
        raise last_error

    def read_body(self, response: requests.Response, url: str) -> bytes:
        too_large = ResponseTooLarge(
            format_lazy(_("The answer is larger than {size} bytes, the most the hub accepts."), size=self.max_bytes),
            url=url,
        )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise too_large
        body = _BoundedBody(response.headers.get("Content-Encoding", ""), self.max_bytes, too_large, url=url)
        raw_size = 0
        try:
            while chunk := response.raw.read(CHUNK_SIZE, decode_content=False):
                raw_size += len(chunk)
                if raw_size > self.max_bytes:
                    raise too_large
                body.add(chunk)
                if self.watchdog.expired:
                    raise self.timeout_error(url)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if self.watchdog.expired:
                raise self.timeout_error(url) from None
            raise ConnectionFailed(
                format_lazy(_("The connection broke while reading the answer ({error})."), error=type(exc).__name__),
                url=url,
            ) from None
        if self.watchdog.expired:
            # The watchdog's shutdown reads as a clean end of the stream: the body may be cut short.
            raise self.timeout_error(url)
        return body.finish()


class _BoundedBody:
    """Collects the body, decoding gzip/deflate in steps that never produce more than the size limit."""

    def __init__(self, content_encoding: str, limit: int, too_large: ResponseTooLarge, *, url: str):
        encoding = content_encoding.strip().lower()
        if encoding in {"", "identity"}:
            self._decoder = None
        elif encoding in {"gzip", "x-gzip", "deflate"}:
            # 32 + MAX_WBITS reads either a gzip or a zlib header.
            self._decoder = zlib.decompressobj(32 + zlib.MAX_WBITS)
        else:
            raise MalformedBody(
                format_lazy(_("The answer uses an encoding the hub does not read ({encoding})."), encoding=encoding),
                url=url,
            )
        self._parts: list[bytes] = []
        self._size = 0
        self._limit = limit
        self._too_large = too_large
        self._url = url

    def _append(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise self._too_large
        self._parts.append(data)

    def add(self, data: bytes) -> None:
        if self._decoder is None:
            self._append(data)
            return
        try:
            while data and not self._decoder.eof:
                self._append(self._decoder.decompress(data, self._limit - self._size + 1))
                data = self._decoder.unconsumed_tail
        except zlib.error as exc:
            raise MalformedBody(
                format_lazy(_("The compressed answer is damaged ({error})."), error=str(exc)), url=self._url
            ) from None

    def finish(self) -> bytes:
        if self._decoder is not None:
            self._append(self._decoder.flush())
        return b"".join(self._parts)


def fetch(
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    etag: str | None = None,
    modified_since: str | None = None,
    auth: tuple[str, str] | None = None,
    max_bytes: int | None = None,
) -> OutboundResponse:
    """GET `url` under every rule of this module; a 2xx or a 304 is returned, anything else raised."""
    request_headers = {
        "User-Agent": settings.OUTBOUND_USER_AGENT or f"MunicipalKnowledgeHub/1.0 (+{settings.SITE_URL})",
        "Accept": "*/*",
        # This module decodes the body itself, in bounded steps; only what it can decode is offered.
        "Accept-Encoding": "gzip, deflate",
        **(headers or {}),
    }
    if etag:
        request_headers["If-None-Match"] = etag
    if modified_since:
        request_headers["If-Modified-Since"] = modified_since
    limit = max_bytes if max_bytes is not None else settings.OUTBOUND_MAX_BYTES
    with _Watchdog(settings.OUTBOUND_TOTAL_TIMEOUT) as watchdog:
        token = _WATCHDOG.set(watchdog)
        client = _Fetch(headers=request_headers, auth=auth, max_bytes=limit, watchdog=watchdog)
        try:
            return _follow(client, url)
        finally:
            client.session.close()
            _WATCHDOG.reset(token)


def _follow(client: _Fetch, url: str) -> OutboundResponse:
    target = _target(url)
    origin = target.origin
    seen = {target.url}
    for _hop in range(settings.OUTBOUND_MAX_REDIRECTS + 1):
        client.pin(target)
        # Credentials go only to the origin they were given for.
        response = client.send(target, auth=client.auth if target.origin == origin else None)
        with response:
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_STATUSES and location:
                target = _target(urljoin(target.url, location))
                if target.url in seen:
                    raise TooManyRedirects(
                        format_lazy(_("The remote site redirects in a loop (back to {url})."), url=target.url),
                        url=url,
                    )
                seen.add(target.url)
                continue
            if response.status_code == 304:
                return OutboundResponse(target.url, 304, response.headers, b"")
            if not 200 <= response.status_code < 300:
                raise UpstreamStatus(response.status_code, url=target.url)
            return OutboundResponse(
                target.url, response.status_code, response.headers, client.read_body(response, target.url)
            )
    raise TooManyRedirects(
        format_lazy(
            _("The remote site redirected more than {count} times."), count=settings.OUTBOUND_MAX_REDIRECTS
        ),
        url=url,
    )
