"""Crawl plumbing: canonical request fingerprints, replica routing, quiet robots.txt errors,
cheap meta-refresh checks, redirects without a Referer, archived redirects, Retry-After, blocked
hosts and off-site hosts."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections import Counter
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, TextResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.request import RequestFingerprinter

# One BadAnswer for every answer that is not the page (`.kind`, `.url`): the spider files a
# challenge as it files the other bad answers. Importable from here too.
from heraldcrawl.faults import BadAnswer, retry_later
from heraldcrawl.later import Later, RetryLater
from heraldcrawl.urls import article_id, canonical_url, site_of_host

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class CanonicalFingerprinter(RequestFingerprinter):
    """Fingerprints article requests by their canonical URL, so aliases are fetched once."""

    def fingerprint(self, request: Request) -> bytes:
        canon = canonical_url(request.url)
        if canon is not None and canon != request.url:
            request = request.replace(url=canon)
        return super().fingerprint(request)


def validate_base_url(value: str) -> str:
    """`http://HOST:PORT` without a path; raises ValueError naming the setting otherwise."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(
            f"HERALD_BASE_URL={value!r} is not a base URL; give it as http://127.0.0.1:PORT "
            "(the address `heraldcrawl replica` prints)"
        )
    return f"{parts.scheme}://{parts.netloc}"


class ReplicaRoutingHandler(BaseDownloadHandler):
    """HTTP(S) download handler that sends every request for either site to `HERALD_BASE_URL`.

    The rest of Scrapy (scheduler, robots.txt, redirects, stats, the spider) sees only the real
    site URLs: the request is rewritten just before download, the site's host travels in the
    `X-Herald-Host` header, and the response gets its real URL back. Without the setting it is a
    plain HTTP/1.1 handler.
    """

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.inner = HTTP11DownloadHandler.from_crawler(crawler)
        base = crawler.settings.get("HERALD_BASE_URL") or ""
        self.base = validate_base_url(base) if base else ""
        self.base_host = urlsplit(self.base).netloc if self.base else ""

    async def download_request(self, request: Request) -> Response:
        if not self.base:
            return await self.inner.download_request(request)
        parts = urlsplit(request.url)
        if parts.netloc == self.base_host:
            return await self.inner.download_request(request)
        if site_of_host(parts.hostname) is None:
            self.crawler.stats.inc_value("herald/replica/refused_offsite")
            raise IgnoreRequest(f"replica mode: refusing {parts.hostname}, a host of neither site")
        target = self.base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = request.headers.copy()
        headers["X-Herald-Host"] = parts.hostname or ""
        response = await self.inner.download_request(request.replace(url=target, headers=headers))
        return with_url(response, request.url)

    async def close(self) -> None:
        await self.inner.close()


def with_url(response: Response, url: str) -> Response:
    """A copy of `response` at `url`, its charset left undetected.

    `Response.replace` reads every attribute, even one it is given, and reading a text
    response's `encoding` makes Scrapy detect the charset of a body that declares none, a
    statistical pass of about 15 ms: the copy gets only the encoding the response was given, as a
    download from the real site would have it.
    """
    kwargs = {name: getattr(response, name) for name in response.attributes if name != "encoding"}
    kwargs["url"] = url
    if isinstance(response, TextResponse):
        kwargs["encoding"] = response._encoding
    return response.__class__(**kwargs)


class QuietRobotsTxtMiddleware(RobotsTxtMiddleware):
    """robots.txt handling as Scrapy's, but a failed robots.txt fetch logs one line, no traceback.

    A host whose robots.txt cannot be fetched is crawled as if it allowed everything (Scrapy's
    behaviour); the failure is counted in `herald/robots/failed`.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        super().__init__(crawler)

    async def robot_parser(self, request: Request):
        mw_logger = logging.getLogger(RobotsTxtMiddleware.__module__)
        quiet = _OneLineErrors()
        mw_logger.addFilter(quiet)
        try:
            return await super().robot_parser(request)
        finally:
            mw_logger.removeFilter(quiet)
            if quiet.seen:
                self.crawler.stats.inc_value("herald/robots/failed")


class _NoRefererOnRedirect:
    """A redirect sends no Referer: the crawl sends none anywhere (RefererMiddleware is off in
    settings, the sites need none).

    Scrapy's redirect middlewares hand the Referer of a redirected request to RefererMiddleware
    and, finding none at engine start, warn once each. `handle_referer` is Scrapy's documented
    hook for a crawl that handles Referer itself; this one only drops the header, so there is
    no RefererMiddleware to look for, nor anything to warn about.
    """

    def handle_referer(self, request: Request, response: Response) -> None:
        request.headers.pop("Referer", None)

    def _engine_started(self) -> None:
        # Scrapy's looks for RefererMiddleware (which handle_referer above does not use) and
        # warns that it is missing.
        return None


class HeraldRedirectMiddleware(_NoRefererOnRedirect, RedirectMiddleware):
    """Scrapy's 3xx redirects, without a Referer and without the warning about it."""


class QuickMetaRefreshMiddleware(_NoRefererOnRedirect, MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, minus the decoding of pages that have none, and without
    a Referer.

    The stock middleware decodes every HTML page to read its first 4,096 characters; a page with
    no declared charset then costs a statistical charset detection (about 15 ms). Those
    characters lie within the first 16 KB in any encoding, so a page whose first 16 KB lack the
    word "refresh" cannot hold a refresh and is passed on undecoded.
    """

    def process_response(self, request, response, spider=None):
        # A plain substring test: a case-insensitive regex over 16 KB costs ~170 us a page.
        if isinstance(response, HtmlResponse) and b"refresh" not in response.body[:16384].lower():
            return response
        return super().process_response(request, response)


class _OneLineErrors(logging.Filter):
    """Drops the traceback of robots.txt download errors, keeping the message."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.levelno >= logging.ERROR:
            self.seen += 1
            record.exc_info = None
            record.exc_text = None
        return True


class ArchivedRedirectFilter:
    """Drops a redirect that leads to an article already in the archive.

    A legacy `view.php?ud=` link that now redirects to `/article/N` cannot be recognised before
    the redirect; after it, the target's id can. Off in `urls` mode, which re-fetches on purpose.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None):
        if not request.meta.get("redirect_urls") or request.meta.get("herald_refetch"):
            return None
        archive = getattr(self.crawler, "herald_archive", None)
        aid = article_id(request.url)
        if archive is not None and aid and archive.skip(aid):
            self.crawler.stats.inc_value("herald/discovery/skipped_archived_redirect")
            # Remember the old address, so the next run does not even ask for it.
            if (first := article_id(request.meta["redirect_urls"][0])) and first != aid:
                archive.state.add_alias(first, aid)
            request.meta["herald_settled"] = "archived"  # the spider's errback: not a failure
            raise IgnoreRequest(f"{request.url} is already archived as {aid}")
        return None


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds from a `Retry-After` header (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _crawled(request: Request) -> bool:
    """Whether `request` came from the scheduler and may be handed to `Later`.

    A request downloaded directly (robots.txt, `engine.download_async`) has no callback: crawled
    again, its answer would go to the spider instead of to whoever awaits it.
    """
    return request.callback is not NO_CALLBACK


class RetryAfterMiddleware:
    """Backs off a host that answers 429 or 503, honouring `Retry-After` (Scrapy does not).

    Nothing waits in the downloader: while a host is held, its requests are handed to `Later`
    and `RetryLater` is raised, so the other site's requests keep the downloader to themselves.
    The refused request itself comes back after the wait (at most `HERALD_BACKOFF_RETRIES`
    times; then its answer goes on, an HttpError for the spider's errback). The host's download
    delay is raised to the wait (at most 10 s) until it answers normally again, and meanwhile
    its requests come back one per delay, the pace its downloader slot would send them at,
    instead of all at once. Without the header the wait doubles from `HERALD_BACKOFF_DEFAULT`;
    any wait is capped at `HERALD_RETRY_AFTER_MAX`. Each refusal is counted in
    `herald/backoff/<host>`, each request put off in `herald/backoff/delayed`.

    robots.txt requests are downloaded directly and cannot be put off: a refused robots.txt
    holds the host but is read as Scrapy reads any answer (no rules in it, all allowed).
    """

    CODES = (429, 503)

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.max_wait = s.getfloat("HERALD_RETRY_AFTER_MAX", 600)
        self.default_wait = s.getfloat("HERALD_BACKOFF_DEFAULT", 15)
        self.max_retries = s.getint("HERALD_BACKOFF_RETRIES", 5)
        self.hold_until: dict[str, float] = {}
        self.saved_delay: dict[str, float | None] = {}
        # Per host under back-off: when the next put-off request is due.
        self.next_turn: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    def _slot(self, request: Request):
        downloader = self.crawler.engine.downloader
        return downloader.slots.get(downloader.get_slot_key(request))

    def _turn(self, key: str, start: float, slot) -> float:
        """Seconds until the next turn of `key` from `start` (monotonic), one per slot delay."""
        now = time.monotonic()
        at = max(start, self.next_turn.get(key, 0.0))
        self.next_turn[key] = at + (slot.delay if slot is not None else 0.0)
        return at - now

    def _put_off(self, request: Request, key: str, delay: float) -> NoReturn:
        request.meta["herald_backoff_turn"] = True
        Later.of(self.crawler).schedule(request, delay, key=f"backoff:{key}")
        raise RetryLater(f"{key} is backing off; {request.url} is retried in {delay:.1f} s")

    def process_request(self, request: Request, spider=None):
        key = urlsplit(request.url).hostname or ""
        if key not in self.saved_delay or not _crawled(request):
            return None
        now = time.monotonic()
        until = self.hold_until.get(key, 0.0)
        slot = self._slot(request)
        if until > now:
            if request.meta.get("herald_backoff_turn"):
                # Back at its turn, but an answer since then held the host again: it keeps its
                # place and goes at the hold's end, not behind the whole line.
                self._put_off(request, key, until - now)
            start = until
        elif slot is not None and slot.queue:
            # The hold is over but the host has not answered well yet: one request waiting in
            # its slot is enough, the others would wait there for the raised delay.
            start = now + slot.delay
        else:
            return None
        self.crawler.stats.inc_value("herald/backoff/delayed")
        self._put_off(request, key, self._turn(key, start, slot))

    def process_response(self, request: Request, response: Response, spider=None):
        key = urlsplit(request.url).hostname or ""
        if response.status not in self.CODES:
            if key in self.saved_delay and time.monotonic() >= self.hold_until.get(key, 0):
                self._recovered(request, key)
            return response
        tries = request.meta.get("herald_backoff_tries", 0) + 1
        stats = self.crawler.stats
        header = retry_after_seconds(response.headers.get(b"Retry-After"))
        wait = header if header is not None else self.default_wait * 2 ** (tries - 1)
        wait = min(wait, self.max_wait)
        now = time.monotonic()
        self.hold_until[key] = max(self.hold_until.get(key, 0.0), now + wait)
        slot = self._slot(request)
        if key not in self.saved_delay:
            self.saved_delay[key] = slot.delay if slot is not None else None
        if slot is not None:
            slot.delay = max(slot.delay, min(wait, 10.0))
        stats.inc_value(f"herald/backoff/{key}")
        stats.max_value("herald/backoff/max_wait_seconds", round(wait, 1))
        logger.info(
            "%s answered %d; backing off %s for %.1f s (Retry-After: %s)",
            request.url,
            response.status,
            key,
            wait,
            "yes" if header is not None else "no",
        )
        if not _crawled(request):
            return response
        if tries > self.max_retries:
            stats.inc_value("herald/backoff/gave_up")
            return response
        request.meta["herald_backoff_tries"] = tries
        self._put_off(request, key, self._turn(key, self.hold_until[key], slot))

    def _recovered(self, request: Request, key: str) -> None:
        """The host answered normally after its hold: its delay back, its put-off requests now."""
        saved = self.saved_delay.pop(key)
        slot = self._slot(request)
        if slot is not None and saved is not None:
            slot.delay = saved
        self.next_turn.pop(key, None)
        sent = Later.of(self.crawler).hurry(f"backoff:{key}")
        if sent:
            logger.info("%s answers again; %d request(s) put off are sent now", key, sent)


class OffsiteMiddleware:
    """Keeps the crawl on the two sites: a request for any other host is dropped.

    The spider sets no `allowed_domains`, so Scrapy would follow a redirect anywhere. Placed
    early in the chain, this also sees redirected requests, which come back through every
    downloader middleware. Outside replica mode a private, loopback, link-local or reserved IP
    address is refused by name too. Dropped requests are counted in `herald/offsite` and
    `herald/offsite/<host>`, and each host is logged once.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.replica = bool(crawler.settings.get("HERALD_BASE_URL"))
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None):
        host = urlparse_cached(request).hostname or ""
        if not self.replica and private_address(host):
            self._drop(request, host, "a private or reserved address")
        if site_of_host(host) is None:
            self._drop(request, host, "a host of neither site")
        return None

    def _drop(self, request: Request, host: str, why: str) -> NoReturn:
        stats = self.crawler.stats
        stats.inc_value("herald/offsite")
        stats.inc_value(f"herald/offsite/{host or '-'}")
        if host not in self.logged:
            self.logged.add(host)
            logger.info("not fetching %s: %s is %s", request.url, host or "(no host)", why)
        request.meta["herald_offsite"] = host or "-"
        raise IgnoreRequest(f"{request.url}: {host or '(no host)'} is {why}")


def private_address(host: str) -> bool:
    """Whether `host` is an IP literal no public site lives at (private, loopback, ...)."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


# Looked for, lower-cased, in the first 4 KB of a 429 or 503 answer.
CHALLENGE_MARKERS = (
    b"just a moment",
    b"checking your browser",
    b"attention required",
    b"captcha",
    b"challenge-platform",
)
# A 200 answer is an article page that may quote such words, or load a reCAPTCHA script for a
# comment form, near its top: only a CDN's own challenge title or script marks it.
# Matched as the CDN writes them (no lower-cased copy of every page).
CHALLENGE_MARKERS_200 = (
    b"<title>Just a moment...<",
    b"<title>Attention Required! | Cloudflare<",
    b"Checking your browser before",
    b"/cdn-cgi/challenge-platform/",
)


def is_challenge(response: Response) -> bool:
    """Whether `response` is a CDN's bot challenge or a refusal (403) instead of the page."""
    status = response.status
    if status == 403:
        return True
    if status not in (200, 429, 503):
        return False
    headers = response.headers
    if headers.get(b"cf-mitigated"):
        return True
    if status == 503 and b"cloudflare" in (headers.get(b"Server") or b"").lower():
        return True
    if status == 200:
        head = response.body[:4096]
        return any(marker in head for marker in CHALLENGE_MARKERS_200)
    head = response.body[:4096].lower()
    return any(marker in head for marker in CHALLENGE_MARKERS)


class BlockedHostMiddleware:
    """Stops asking a host that answers with bot challenges or 403s instead of pages.

    Once a host has given at least `HERALD_BLOCKED_MIN` answers of which more than
    `HERALD_BLOCKED_SHARE` were challenges, or `STREAK` challenges in a row, it is blocked: one
    error is logged, `herald/blocked/<host>` is set to its number of challenges, and every later
    request for it is dropped (`IgnoreRequest`, counted in `herald/blocked_requests/<host>`).
    Until then a challenge (counted in `herald/faults/challenge`) is asked for again via
    `Later`, as other bad answers are: after `HERALD_FAULT_BACKOFF` seconds (2), doubling, at
    most `HERALD_FAULT_RETRIES` times (3); then `BadAnswer` goes to the spider's errback.
    robots.txt answers are not judged: they say nothing of the pages.
    """

    STREAK = 5

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.min_answers = s.getint("HERALD_BLOCKED_MIN", 10)
        self.share = s.getfloat("HERALD_BLOCKED_SHARE", 0.5)
        self.max_wait = s.getfloat("HERALD_RETRY_AFTER_MAX", 600)
        self.answers: Counter[str] = Counter()
        self.challenges: Counter[str] = Counter()
        self.streak: Counter[str] = Counter()
        self.blocked: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None):
        host = urlparse_cached(request).hostname or ""
        if host in self.blocked:
            self._refuse(request, host)
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        host = urlparse_cached(request).hostname or ""
        challenge = is_challenge(response)
        if host in self.blocked:
            if challenge:  # sent before the host was blocked
                self._refuse(request, host)
            return response
        if not _crawled(request):
            return response
        self.answers[host] += 1
        if not challenge:
            self.streak[host] = 0
            return response
        self.challenges[host] += 1
        self.streak[host] += 1
        self.crawler.stats.inc_value("herald/faults/challenge")
        if self._is_blocking(host):
            self._block(host)
            self._refuse(request, host)
        # The retries other bad answers get; a refusal that says when to come back is not
        # asked sooner.
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if delay := retry_later(
            self.crawler, request, "challenge", min(asked or 0.0, self.max_wait)
        ):
            raise RetryLater(f"{request.url} got a bot challenge; asked again in {delay:.0f} s")
        raise BadAnswer("challenge", request.url)

    def _is_blocking(self, host: str) -> bool:
        seen, challenges = self.answers[host], self.challenges[host]
        return self.streak[host] >= self.STREAK or (
            seen >= self.min_answers and challenges > self.share * seen
        )

    def _block(self, host: str) -> None:
        self.blocked.add(host)
        challenges = self.challenges[host]
        self.crawler.stats.set_value(f"herald/blocked/{host}", challenges)
        logger.error(
            "host %s is blocking the crawler (%d of %d answers were bot challenges or 403); "
            "no more requests are sent to it",
            host,
            challenges,
            self.answers[host],
        )

    def _refuse(self, request: Request, host: str) -> NoReturn:
        self.crawler.stats.inc_value(f"herald/blocked_requests/{host}")
        raise IgnoreRequest(f"{host} is blocking the crawler; {request.url} is not fetched")
