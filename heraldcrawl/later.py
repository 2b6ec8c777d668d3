"""Requests put back into the crawl after a delay, without holding a place in the downloader.

A request that waits inside a downloader middleware (an `asyncio.sleep` in `process_request`)
counts in `engine.downloader.active` until it is sent, so a few waiting requests of one host
keep every other host's requests out of the downloader. A middleware that must delay a request
instead hands it to `Later` and raises `RetryLater`: the request leaves the downloader at once,
and a copy is scheduled again when its time comes.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.utils.asyncio import CallLaterResult, call_later

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class RetryLater(IgnoreRequest):
    """Raised by a downloader middleware for a request it handed to `Later`.

    The request is not lost: a copy comes back after the delay. An errback that sees this
    should ignore it quietly.
    """


@dataclass(slots=True)
class _Waiting:
    request: Request
    timer: CallLaterResult
    key: str | None


class Later:
    """Requests put back into the crawl after a delay, without occupying the downloader.

    One per crawler (`Later.of(crawler)`). While requests wait, the spider is kept open
    (`DontCloseSpider` on `spider_idle`); when it closes anyway (a shutdown, `CloseSpider`), the
    requests still waiting are logged, listed in `dropped` and counted in
    `herald/later/dropped`. Sent copies are counted in `herald/later/sent`.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.dropped: list[str] = []
        self._waiting: dict[int, _Waiting] = {}
        self._ids = itertools.count()
        self._closed = False
        crawler.signals.connect(self._spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    @classmethod
    def of(cls, crawler: Crawler) -> Later:
        """The crawler's `Later`, made on first use."""
        later = getattr(crawler, "herald_later", None)
        if later is None:
            later = cls(crawler)
            crawler.herald_later = later
        return later

    # Listed in EXTENSIONS it is made before the extensions that write the final stats, so that
    # `herald/later/dropped` reaches them too (spider_closed handlers run in connection order).
    from_crawler = of

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def schedule(self, request: Request, delay: float, key: str | None = None) -> None:
        """Crawl a `dont_filter` copy of `request` after `delay` seconds.

        `key` groups requests that `hurry(key)` may send early, such as one host's.
        """
        copy = request.replace(dont_filter=True)
        if self._closed:
            self._drop([copy.url])
            return
        wid = next(self._ids)
        timer = call_later(max(0.0, delay), self._release, wid)
        self._waiting[wid] = _Waiting(copy, timer, key)
        self.crawler.stats.inc_value("herald/later/scheduled")

    def hurry(self, key: str) -> int:
        """Sends now the waiting requests scheduled under `key`; returns how many."""
        due = [wid for wid, w in self._waiting.items() if w.key == key]
        for wid in due:
            self._waiting[wid].timer.cancel()
            self._release(wid)
        return len(due)

    def _release(self, wid: int) -> None:
        waiting = self._waiting.pop(wid, None)
        if waiting is None:
            return
        engine = self.crawler.engine
        # A closing engine's scheduler would take the request and lose it without a word.
        slot = getattr(engine, "_slot", None) if engine is not None else None
        if slot is None or slot.closing or engine.spider is None:
            self._drop([waiting.request.url])
            return
        engine.crawl(waiting.request)
        self.crawler.stats.inc_value("herald/later/sent")

    def _spider_idle(self) -> None:
        if self._waiting:
            raise DontCloseSpider

    def _spider_closed(self) -> None:
        self._closed = True
        urls = []
        for waiting in self._waiting.values():
            waiting.timer.cancel()
            urls.append(waiting.request.url)
        self._waiting.clear()
        self._drop(urls)

    def _drop(self, urls: list[str]) -> None:
        if not urls:
            return
        self.dropped += urls
        self.crawler.stats.set_value("herald/later/dropped", len(self.dropped))
        logger.warning(
            "%d request(s) waiting to be retried were not sent: the crawl closed first (%s%s)",
            len(urls),
            ", ".join(urls[:3]),
            ", ..." if len(urls) > 3 else "",
        )
