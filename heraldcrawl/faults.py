"""Bad answers a status code does not show, and their retries with back-off.

A site under load answers 200 with an error page, closes a connection in the middle of a body
that had no `Content-Length` (which the client cannot tell from a whole one), or sends nothing.
Archiving such a page, or taking it for the end of a list, loses articles without a word, so
`AnswerCheckMiddleware` looks at every answer to a request the spider marked with what it
expects (`meta["herald_kind"]`: `article`, `list` or `feed`), counts each bad one in
`herald/faults/<kind>`, and asks for it again after a back-off (`HERALD_FAULT_BACKOFF` seconds,
doubling, `HERALD_FAULT_RETRIES` times) without holding a downloader slot. After the last try
the request fails with `BadAnswer`, which the spider files in the ledger of pending articles.

The checks are cheap and structural; the spider adds the semantic one (a page that should be an
article but is not) through the same `retry_later`.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from heraldcrawl.later import Later, RetryLater

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# The end of an HTML document (or of its body, for pages with trailing scripts); a body cut
# short lacks both. Looked for in the tail only.
_HTML_END = (b"</html", b"</HTML", b"</body", b"</BODY", b"</Html")
_FEED_END = (b"</rss", b"</feed", b"</rdf:RDF", b"</rdf:rdf", b"</RSS")
_TAIL = 8192
# Error pages are small; a title that says "try later" on a small page is not the article.
_SOFT_MAX = 32 * 1024
_TITLE = re.compile(rb"<title[^>]{0,200}>([^<]{0,300})", re.IGNORECASE)
# Phrases, not words: a small article may well have "점검" (inspection) in its title.
_SOFT_WORDS = (
    "temporarily unavailable",
    "service unavailable",
    "try again later",
    "under maintenance",
    "internal server error",
    "502 bad gateway",
    "too many requests",
    "서비스를 이용할 수 없",
    "잠시 후 다시",
    "서비스 점검 중",
    "시스템 점검",
)


def bad_answer(response: Response, expected: str) -> str | None:
    """The kind of fault of a 2xx answer that should hold a page of the `expected` kind
    (`article`, `list`, `feed`), or None when it looks whole: `empty`, `partial` (cut short,
    and the client saw the connection close early), `cut` (no closing markup), `soft` (a small
    error page)."""
    body = response.body
    if not body or body.isspace():
        return "empty"
    tail = body[-_TAIL:]  # the end tags in their usual cases: no lower-cased copy a page
    ends = _FEED_END if expected == "feed" else _HTML_END
    if not any(end in tail for end in ends):
        # `partial`: the client saw the connection close early. A close-delimited body is
        # flagged so even when whole, which its closing markup then shows.
        return "partial" if "partial" in response.flags else "cut"
    if expected != "feed" and len(body) <= _SOFT_MAX and (m := _TITLE.search(body[:4096])):
        title = m[1].decode("utf-8", "replace").lower()
        if any(word in title for word in _SOFT_WORDS):
            return "soft"
    return None


class BadAnswer(Exception):
    """A request whose answers stayed bad through every retry; `kind` names the fault."""

    def __init__(self, kind: str, url: str) -> None:
        super().__init__(f"{url}: bad answer ({kind}) after every retry")
        self.kind = kind
        self.url = url


def retry_later(crawler: Crawler, request: Request, kind: str, at_least: float = 0.0) -> float:
    """Ask for `request` again after a back-off (never sooner than `at_least` seconds); the
    delay, or 0 once its tries are spent."""
    settings = crawler.settings
    tries = request.meta.get("herald_fault_tries", 0) + 1
    if tries > settings.getint("HERALD_FAULT_RETRIES", 3):
        crawler.stats.inc_value(f"herald/faults/gave_up/{kind}")
        return 0.0
    retry = request.replace(dont_filter=True)
    retry.meta["herald_fault_tries"] = tries
    delay = max(settings.getfloat("HERALD_FAULT_BACKOFF", 2.0) * 2 ** (tries - 1), at_least)
    Later.of(crawler).schedule(retry, delay)
    crawler.stats.inc_value("herald/faults/retried")
    logger.debug("bad answer (%s) from %s; asking again in %.0f s", kind, request.url, delay)
    return delay


class AnswerCheckMiddleware:
    """Downloader middleware: retries answers that `bad_answer` finds wanting, then fails
    them with `BadAnswer` (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnswerCheckMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider=None):
        expected = request.meta.get("herald_kind")
        if expected is None or not 200 <= response.status < 300:
            return response
        kind = bad_answer(response, expected)
        if kind is None:
            return response
        self.crawler.stats.inc_value(f"herald/faults/{kind}")
        if retry_later(self.crawler, request, kind):
            raise RetryLater(f"{request.url}: bad answer ({kind}), asked again later")
        raise BadAnswer(kind, request.url)
