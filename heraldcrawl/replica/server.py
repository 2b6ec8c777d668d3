"""A small HTTP/1.1 server for the replica: keep-alive, a real listen backlog, virtual hosts.

The site is chosen from the `X-Herald-Host` header the crawler's replica download handler sends,
else from `Host`; unknown hosts get The Korea Herald. Pages are rendered on request from the
seeded generator, so memory stays small whatever the article count; a page served once is kept
in a bounded spill file (`PageCache`) and served from there again.

With a fault rate the server also misbehaves as real servers under load do (`FAULT_KINDS`),
drawn afresh for each request so that asking again usually succeeds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import re
import socket
import struct
import tempfile
import time
from functools import cached_property, lru_cache
from html import escape
from urllib.parse import parse_qs, unquote_plus, urlsplit

from heraldcrawl.replica import pages
from heraldcrawl.replica import words as W
from heraldcrawl.replica.generator import Article, Replica
from heraldcrawl.replica.mutate import mutate_page
from heraldcrawl.urls import site_of_host

logger = logging.getLogger(__name__)

LIST_PER_PAGE = 15
SECTION_PER_PAGE = 20
FEED_ITEMS = 50
LEGACY_FEEDS = {102, 103, 104, 105, 106, 107, 108, 305}
CURRENT_FEEDS = {
    "kh_National": "National",
    "kh_Business": "Business",
    "kh_World": "World",
    "kh_LifenCulture": "LifenCulture",
    "kh_Sports": "Sports",
    "kh_Opinion": "Opinion",
    "kh_Kpop": "Entertainment",
}

Response = tuple[int, dict[str, str], bytes]

# What a faulted request gets (see ReplicaServer._fault); the CLI accepts these names.
FAULT_KINDS = (
    "500",
    "502",
    "503",
    "reset",
    "stall",
    "truncated",
    "cut",
    "soft",
    "empty",
    "challenge",
)

SOFT_ERROR = (
    "<html><head><title>Service temporarily unavailable</title></head><body>"
    "<h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>"
)
SOFT_ERROR_KO = (
    '<html lang="ko"><head><title>일시적으로 서비스를 이용할 수 없습니다</title></head><body>'
    "<h1>일시적으로 서비스를 이용할 수 없습니다</h1><p>잠시 후 다시 시도해 주십시오.</p>"
    "</body></html>"
)
# Our own wording, with the markers bot-check pages of CDNs are recognised by.
CHALLENGE = {
    503: (
        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
        '<div id="challenge-form"><h1>Checking your browser before you reach {host}</h1>'
        "<p>This takes a few seconds. Turn on JavaScript and cookies to continue.</p></div>"
        '<script src="/cdn-cgi/challenge-platform/orchestrate.js"></script></body></html>'
    ),
    403: (
        "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>"
        "<h1>Sorry, you have been blocked</h1><p>You are unable to access {host}: the request "
        "looked automated to the site's security service.</p>"
        '<div id="cf-error-details">Ray ID: {ray}</div></body></html>'
    ),
}


def _html(text: str, status: int = 200, charset: str = "utf-8") -> Response:
    return status, {"Content-Type": f"text/html; charset={charset}"}, text.encode(charset)


class ReplicaSite:
    """Routes a (host, path) to a response; pure, so tests can call it without sockets.

    With `mutate` (a seed), every article page is served as redesign `mutate` prints it
    (`heraldcrawl.replica.mutate`); lists, feeds and robots.txt are unchanged.
    """

    def __init__(self, replica: Replica, mutate: int | None = None) -> None:
        self.replica = replica
        self.mutate = mutate

    # -- derived listings (built once, on first use) -----------------------------------------

    @cached_property
    def kh_legacy(self) -> list[Article]:
        return self.replica.newest_first("koreaherald", lambda a: a.ud is not None)

    @cached_property
    def kh_current(self) -> list[Article]:
        return self.replica.newest_first("koreaherald", lambda a: a.number is not None)

    @cached_property
    def hb_all(self) -> list[Article]:
        return self.replica.newest_first("heraldbiz")

    @cached_property
    def by_reporter(self) -> dict[str, list[Article]]:
        index: dict[str, list[Article]] = {}
        for a in reversed(self.replica.skeletons):
            if a.site == "koreaherald":
                for name, _ in self.replica.article(a.index).authors:
                    index.setdefault(name, []).append(a)
        return index

    def _code(self, a: Article) -> str:
        if a.site == "koreaherald":
            return W.KH_SECTIONS[a.section][1]
        return W.HB_SECTIONS[a.section][1]

    def _section_path(self, a: Article) -> str:
        return W.KH_SECTIONS[a.section][0]

    # -- routing -------------------------------------------------------------------------------

    def handle(self, host: str | None, target: str) -> Response:
        site = site_of_host(host) or "koreaherald"
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, pages.ROBOTS.encode()
        if m := re.fullmatch(r"/article/(\d+)/?", path):
            art = self.replica.by_number.get((site, int(m.group(1))))
            return self._article(art) if art else self._not_found()
        if path == "/view.php":
            ud = re.search(r"(\d{14})", parts.query)
            art = self.replica.by_ud.get((site, ud.group(1))) if ud else None
            if art is None:
                return self._not_found()
            if art.number is not None:
                # Migrated legacy URL: a permanent redirect to the current address.
                return 301, {"Location": art.path, "Content-Type": "text/html"}, b""
            return self._article(art)
        if path == "/list.php":
            return self._legacy_list(site, query)
        if path in ("/", "/index.php"):
            items = self.kh_current if site == "koreaherald" else self.hb_all
            return _html(pages.home(self.replica, site, items[:20]))
        if site == "koreaherald":
            return self._kh_route(path, query)
        return self._not_found()

    def _kh_route(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == "/common/rss_xml.php":
            ct = int(query.get("ct", ["0"])[0] or 0)
            if ct not in LEGACY_FEEDS:
                return self._not_found()
            items = [a for a in self.kh_legacy if W.KH_SECTIONS[a.section][3] == ct][:FEED_ITEMS]
            return self._rss(f"Korea Herald {ct}", items, legacy=True)
        if path.startswith("/rss/"):
            name = path[5:]
            if name == "newsAll":
                return self._rss("All news", self.kh_current[:FEED_ITEMS], legacy=False)
            if name in CURRENT_FEEDS:
                top = CURRENT_FEEDS[name]
                items = [a for a in self.kh_current if self._section_path(a).startswith(top)]
                return self._rss(name, items[:FEED_ITEMS], legacy=False)
            if name == "Business":  # answered 200 with no items on the real site
                return self._rss("Business", [], legacy=False)
            return self._not_found()
        if path in ("/search/list_reporter.php", "/search/list_name.php"):
            name = unquote_plus(query.get("byline", [""])[0])
            page = self._page(query, "np")
            items = self.by_reporter.get(name, [])
            return _html(pages.reporter_page(self.replica, name, items, page, LIST_PER_PAGE))
        section = path.strip("/")
        if section and re.fullmatch(r"[A-Za-z-]+(?:/[A-Za-z-]+)?", section):
            items = self._in_section(section)
            known = any(p == section or p.startswith(section + "/") for p, *_ in W.KH_SECTIONS)
            if not known:
                return self._not_found()
            page = self._page(query, "page")
            return _html(pages.section_page(self.replica, section, items, page, SECTION_PER_PAGE))
        return self._not_found()

    def _legacy_list(self, site: str, query: dict[str, list[str]]) -> Response:
        ct = query.get("ct", [""])[0]
        if not re.fullmatch(r"\d{12}", ct):
            return self._not_found()
        items = self._listed(site, ct)
        page = self._page(query, "np")
        per = LIST_PER_PAGE
        return _html(pages.legacy_list(self.replica, site, items, ct, page, per))

    @lru_cache(maxsize=256)  # noqa: B019 - one site object lives as long as the server
    def _listed(self, site: str, ct: str) -> list[Article]:
        """Articles of a legacy list code (a code lists its subsections too), newest first."""
        prefix = ct.rstrip("0")
        if len(prefix) % 2:
            prefix += "0"
        source = self.kh_legacy if site == "koreaherald" else self.hb_all
        return [a for a in source if self._code(a).startswith(prefix)]

    @lru_cache(maxsize=256)  # noqa: B019
    def _in_section(self, section: str) -> list[Article]:
        return [
            a for a in self.kh_current if (self._section_path(a) + "/").startswith(section + "/")
        ]

    @staticmethod
    def _page(query: dict[str, list[str]], name: str) -> int:
        try:
            return max(1, int(query.get(name, ["1"])[0]))
        except ValueError:
            return 1

    def _rss(self, title: str, items: list[Article], legacy: bool) -> Response:
        body = pages.rss(self.replica, title, items, legacy).encode()
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, body

    def _article(self, skeleton: Article) -> Response:
        art = self.replica.article(skeleton.index)
        html = pages.article_page(self.replica, art)
        if self.mutate is not None:
            html = mutate_page(html, self.mutate, key=art.url)
        if art.encoding == "cp949":
            ctype = "text/html; charset=euc-kr" if art.charset_in_header else "text/html"
            return 200, {"Content-Type": ctype}, html.encode("cp949")
        return 200, {"Content-Type": "text/html; charset=utf-8"}, html.encode("utf-8")

    @staticmethod
    def _not_found() -> Response:
        return _html(pages.NOT_FOUND, status=404)


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    403: "Forbidden",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class PageCache:
    """Responses already rendered, their bodies in one unnamed spill file, up to `limit` bytes.

    Rendering an article page costs about 0.4 ms of the replica's CPU, which on a two-core
    machine is taken from the crawl it serves; reading it back costs a tenth of that. The bodies
    live in a file, not in the server's memory: on tmpfs (`/dev/shm`, when there is one) or in
    the temporary folder, where the kernel may write them out. Once the file holds `limit`
    bytes, further pages are rendered on every request. Responses are pure functions of the
    host and target for a given replica, so entries never go stale while the server runs.
    """

    def __init__(self, limit: int, folder: str | None = None) -> None:
        if folder is None and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
            folder = "/dev/shm"
        # Lives as long as the server; closed by close() or at exit.
        self.file = tempfile.TemporaryFile(prefix="heraldcrawl-replica-", dir=folder)  # noqa: SIM115
        self.fd = self.file.fileno()
        self.limit = limit
        self.size = 0
        self.index: dict[tuple[str, str], tuple[int, dict[str, str], int, int]] = {}
        self.hits = 0

    def get(self, host: str, target: str) -> Response | None:
        entry = self.index.get((host, target))
        if entry is None:
            return None
        status, headers, offset, length = entry
        self.hits += 1
        return status, headers, os.pread(self.fd, length, offset)

    def put(self, host: str, target: str, response: Response) -> None:
        status, headers, body = response
        if self.size + len(body) > self.limit:
            return
        try:
            written = os.pwrite(self.fd, body, self.size)
        except OSError:  # the folder is full: serve what is cached, render the rest
            self.limit = self.size
            return
        if written == len(body):
            self.index[(host, target)] = (status, headers, self.size, written)
        self.size += written

    def close(self) -> None:
        self.file.close()


class ReplicaServer:
    """asyncio HTTP/1.1 server around a `ReplicaSite`; `cache_bytes` bounds its `PageCache`
    (0: render every request).

    `faults` is the probability that a request (other than robots.txt and /_replica/) gets one
    of `fault_kinds` instead of its page, drawn in arrival order from `random.Random(fault_seed)`;
    `stall` faults say nothing for `fault_stall` seconds, then close. Every request for a site
    of `block_hosts` gets a CDN challenge page.
    """

    # In-flight requests may still arrive this long after a 429 without counting as ignoring it.
    GRACE = 0.5

    def __init__(
        self,
        site: ReplicaSite,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: tuple[int, float] | None = None,
        cache_bytes: int = 0,
        faults: float = 0.0,
        fault_kinds: tuple[str, ...] = FAULT_KINDS,
        fault_seed: int = 0,
        fault_stall: float = 40.0,
        block_hosts: tuple[str, ...] = (),
    ) -> None:
        self.site = site
        self.cache = PageCache(cache_bytes) if cache_bytes > 0 else None
        self.host, self.port = host, port
        self.requests = 0
        # Every Nth request of a site is refused (429, then 503) with `Retry-After: S`.
        self.rate_limit = rate_limit
        self.limiter: dict[str, dict[str, float]] = {}
        unknown = set(fault_kinds) - set(FAULT_KINDS)
        if not 0.0 <= faults <= 1.0 or unknown or (faults and not fault_kinds):
            raise ValueError(f"bad faults {faults!r} of kinds {fault_kinds!r}")
        self.fault_rate, self.fault_kinds = faults, tuple(fault_kinds)
        self.fault_stall = fault_stall
        self.fault_rng = random.Random(fault_seed)
        self.fault_counts = dict.fromkeys(FAULT_KINDS, 0)
        # A host or a site name; requests are matched by the site their host maps to.
        self.blocked = {site_of_host(h) or h for h in block_hosts}
        self.blocked_served = 0
        self.challenges = 0
        # The one test the request path pays when neither is on.
        self.faulting = bool(self.fault_rate) or bool(self.blocked)
        self._server: asyncio.Server | None = None

    def _limit(self, host: str, target: str) -> Response | None:
        """A 429/503 refusal when rate limiting is on; counts clients that come back too early."""
        if self.rate_limit is None or target == "/robots.txt":
            return None
        every, wait = self.rate_limit
        site = site_of_host(host) or "koreaherald"
        state = self.limiter.setdefault(
            site, {"seen": 0, "refused": 0, "early": 0, "blocked_from": 0.0, "until": 0.0}
        )
        now = time.monotonic()
        if state["blocked_from"] + self.GRACE <= now < state["until"]:
            state["early"] += 1  # the client did not wait as it was told
        state["seen"] += 1
        if state["seen"] % every:
            return None
        state["refused"] += 1
        state["blocked_from"], state["until"] = now, now + wait
        status = 429 if state["refused"] % 2 else 503
        headers = {"Retry-After": str(int(wait)), "Content-Type": "text/html"}
        return status, headers, b"<html><body>Slow down</body></html>"

    async def start(self) -> str:
        self._server = await asyncio.start_server(
            self._client, self.host, self.port, backlog=1024, limit=65536
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return f"http://{self.host}:{self.port}"

    async def serve_forever(self) -> None:
        assert self._server is not None
        async with self._server:
            await self._server.serve_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                keep = await self._answer(head, writer)
                await writer.drain()
                if not keep:
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _answer(self, head: bytes, writer: asyncio.StreamWriter) -> bool:
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            writer.write(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return False
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        self.requests += 1
        host = headers.get("x-herald-host") or headers.get("host", "").split(":")[0]
        if method not in ("GET", "HEAD"):
            status, extra, body = 405, {"Allow": "GET, HEAD"}, b""
        elif target.startswith("/_replica/stats"):
            status, extra = 200, {"Content-Type": "application/json"}
            cached = self.cache.hits if self.cache is not None else 0
            body = json.dumps(
                {
                    "requests": self.requests,
                    "cache_hits": cached,
                    "limiter": self.limiter,
                    "faults": self.fault_counts,
                    "faulted": sum(self.fault_counts.values()),
                    "blocked": self.blocked_served,
                    "mutate": self.site.mutate,
                }
            ).encode()
        elif self.faulting and (kind := self._draw(host, target)) is not None:
            keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
            return await self._fault(kind, method, host, target, keep, writer)
        elif (refusal := self._limit(host, target)) is not None:
            status, extra, body = refusal
        else:
            status, extra, body = self._respond(host, target)
        keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        if status in (429, 503):
            keep = False
        out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}"]
        out += [f"{k}: {v}" for k, v in extra.items()]
        out.append(f"Content-Length: {len(body)}")
        out.append("Connection: keep-alive" if keep else "Connection: close")
        writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1"))
        if method != "HEAD":
            writer.write(body)
        return keep

    def _respond(self, host: str, target: str) -> Response:
        if self.cache is not None and (cached := self.cache.get(host, target)) is not None:
            return cached
        try:
            response = self.site.handle(host, target)
        except Exception:  # a replica bug must show as a 500, not a dropped connection
            logger.exception("replica failed on %s %s", host, target)
            return 500, {}, b"replica error"
        if self.cache is not None and response[0] == 200:
            self.cache.put(host, target, response)
        return response

    # -- faults --------------------------------------------------------------------------------

    def _draw(self, host: str, target: str) -> str | None:
        """The fault this request gets, if any; robots.txt and /_replica/ always answer."""
        path = target.split("?", 1)[0]
        if path == "/robots.txt" or path.startswith("/_replica/"):
            return None
        if self.blocked and (site_of_host(host) or "koreaherald") in self.blocked:
            self.blocked_served += 1
            return "blocked"
        if self.fault_rate and self.fault_rng.random() < self.fault_rate:
            return self.fault_rng.choice(self.fault_kinds)
        return None

    @staticmethod
    def _head(status: int, headers: dict[str, str], length: int | None, keep: bool) -> bytes:
        out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}"]
        out += [f"{k}: {v}" for k, v in headers.items()]
        if length is not None:
            out.append(f"Content-Length: {length}")
        out.append("Connection: keep-alive" if keep else "Connection: close")
        return ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")

    def _challenge(self, host: str) -> Response:
        # Alternate, as a CDN does between its interactive check and its block page.
        self.challenges += 1
        status = 503 if self.challenges % 2 else 403
        # Not from fault_rng, so blocked traffic leaves the fault draws as they were.
        ray = f"{(self.challenges * 0x9E3779B97F4A7C15) & (2**64 - 1):016x}"
        body = CHALLENGE[status].format(host=escape(host or "this site"), ray=ray)
        headers = {
            "Content-Type": "text/html; charset=UTF-8",
            "Server": "cloudflare",
            "cf-mitigated": "challenge",
            "cf-ray": f"{ray}-ICN",
            "Cache-Control": "private, max-age=0, no-store, no-cache, must-revalidate",
        }
        return status, headers, body.encode()

    async def _fault(
        self,
        kind: str,
        method: str,
        host: str,
        target: str,
        keep: bool,
        writer: asyncio.StreamWriter,
    ) -> bool:
        """Serve fault `kind` (or a blocked host's challenge); returns whether to keep alive."""
        if kind == "blocked":
            kind, counted = "challenge", False
        else:
            counted = True
        body: bytes
        if kind == "reset":
            # SO_LINGER 0 makes the close a TCP RST, so the client sees a reset, not an EOF.
            sock = writer.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            self.fault_counts[kind] += 1
            return False
        if kind == "stall":
            self.fault_counts[kind] += 1
            # Bounded: the task ends after the stall, whatever the client does.
            await asyncio.sleep(self.fault_stall)
            return False
        if kind in ("truncated", "cut"):
            status, extra, body = self._respond(host, target)
            if not body:  # a redirect has no body to cut: serve it whole, no fault
                writer.write(self._head(status, extra, 0, keep))
                return keep
            part = body[: min(len(body) - 1, int(len(body) * self.fault_rng.uniform(0.3, 0.7)))]
            length = len(body) if kind == "truncated" else None  # cut: close-delimited
            writer.write(self._head(status, extra, length, False))
            if method != "HEAD":
                writer.write(part)
            self.fault_counts[kind] += 1
            return False
        if kind in ("500", "502", "503"):
            status = int(kind)
            extra = {"Content-Type": "text/html; charset=utf-8"}  # and no Retry-After
            text = f"{status} {_REASONS[status]}"
            page = f"<html><head><title>{text}</title></head><body><h1>{text}</h1></body></html>"
            body = page.encode()
        elif kind == "soft":
            status, extra = 200, {"Content-Type": "text/html; charset=utf-8"}
            soft = SOFT_ERROR_KO if site_of_host(host) == "heraldbiz" else SOFT_ERROR
            body = soft.encode()
        elif kind == "empty":
            status, extra, body = 200, {"Content-Type": "text/html; charset=utf-8"}, b""
        else:  # challenge
            status, extra, body = self._challenge(host)
        keep = keep and status != 503
        writer.write(self._head(status, extra, len(body), keep))
        if method != "HEAD":
            writer.write(body)
        if counted:
            self.fault_counts[kind] += 1
        return keep
