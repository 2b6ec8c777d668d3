"""Crawl plumbing: canonical request fingerprints, replica routing, quiet robots.txt errors,
cheap meta-refresh checks, archived redirects and Retry-After."""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.request import RequestFingerprinter

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


class QuickMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, minus the decoding of pages that have none.

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


class RetryAfterMiddleware:
    """Backs off a host that answers 429 or 503, honouring `Retry-After` (Scrapy does not).

    The host's requests wait in this middleware until the back-off ends, the host's download
    delay is raised to the wait so the crawl resumes gently, and the refused request is retried
    (at most `HERALD_BACKOFF_RETRIES` times). Without the header the wait doubles from
    `HERALD_BACKOFF_DEFAULT`; any wait is capped at `HERALD_RETRY_AFTER_MAX`. Each back-off is
    counted in `herald/backoff/<host>`.
    """

    CODES = (429, 503)

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.max_wait = s.getfloat("HERALD_RETRY_AFTER_MAX", 600)
        self.default_wait = s.getfloat("HERALD_BACKOFF_DEFAULT", 15)
        self.max_retries = s.getint("HERALD_BACKOFF_RETRIES", 5)
        self.hold_until: dict[str, float] = {}
        self.saved_delay: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    def _slot(self, request: Request):
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    async def process_request(self, request: Request, spider=None):
        key = urlsplit(request.url).hostname or ""
        until = self.hold_until.get(key, 0.0)
        # Bounded: a wait never exceeds the cap, and is re-checked once after it.
        for _ in range(2):
            remaining = until - time.monotonic()
            if remaining <= 0:
                break
            await asyncio.sleep(min(remaining, self.max_wait))
            until = self.hold_until.get(key, 0.0)
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        key = urlsplit(request.url).hostname or ""
        if response.status not in self.CODES:
            if key in self.saved_delay and time.monotonic() >= self.hold_until.get(key, 0):
                _, slot = self._slot(request)
                if slot is not None:
                    slot.delay = self.saved_delay.pop(key)
            return response
        tries = request.meta.get("herald_backoff_tries", 0) + 1
        stats = self.crawler.stats
        header = retry_after_seconds(response.headers.get(b"Retry-After"))
        wait = header if header is not None else self.default_wait * 2 ** (tries - 1)
        wait = min(wait, self.max_wait)
        self.hold_until[key] = max(self.hold_until.get(key, 0.0), time.monotonic() + wait)
        _, slot = self._slot(request)
        if slot is not None:
            self.saved_delay.setdefault(key, slot.delay)
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
        if tries > self.max_retries:
            stats.inc_value("herald/backoff/gave_up")
            return response
        retry = request.replace(dont_filter=True)
        retry.meta["herald_backoff_tries"] = tries
        return retry
