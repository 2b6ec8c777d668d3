"""The `herald` spider: finds articles in feeds and section lists and fetches each once.

    scrapy crawl herald [-a mode=latest|backfill|urls] [-a site=koreaherald|heraldbiz|both]
                        [-a since=YYYY-MM-DD -a until=YYYY-MM-DD] [-a sections=NAME,NAME]
                        [-a limit=N] [-a urls=URL,URL] [-a urls_file=PATH]

Discovery only: what to fetch and in which order. Each article response goes to
`heraldcrawl.extract.extract_article`, a pure function.
"""

from __future__ import annotations

import asyncio
import codecs
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import scrapy
from lxml import etree
from scrapy import exceptions as scrapy_errors
from scrapy import signals
from scrapy.exceptions import CloseSpider
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.reactor import is_asyncio_reactor_installed
from twisted.internet import error as net_error

from heraldcrawl import settings as shipped
from heraldcrawl.extract import NotAnArticle
from heraldcrawl.extract.lists import legacy_page_no, legacy_page_url, list_page_after
from heraldcrawl.extract.pool import (
    ExtractionError,
    ExtractionTimeout,
    ExtractPool,
    default_workers,
)
from heraldcrawl.extract.version import EXTRACTOR_VERSION
from heraldcrawl.faults import BadAnswer, retry_later
from heraldcrawl.items import ArticleItem
from heraldcrawl.later import RetryLater
from heraldcrawl.middlewares import validate_base_url
from heraldcrawl.normalize import parse_date
from heraldcrawl.record import KST, iso_utc, set_clock, utc_now
from heraldcrawl.sections import ALL_NEWS, SECTIONS, Section, find_sections
from heraldcrawl.urls import (
    CANONICAL_HOST,
    article_id,
    canonical_url,
    parse_article_url,
    site_of_host,
)

MODES = ("latest", "backfill", "urls")
SITE_CHOICES = ("koreaherald", "heraldbiz", "both")
BASE = {site: f"https://{host}" for site, host in CANONICAL_HOST.items()}

# Feeds of The Korea Herald (site-notes section 3); Herald Business has no known feed.
KH_FEEDS = [f"{BASE['koreaherald']}/rss/newsAll"] + [
    f"{BASE['koreaherald']}/common/rss_xml.php?ct={ct}"
    for ct in (102, 103, 104, 105, 106, 107, 108, 305)
]
# Feeds are small; a bigger body is hostile or broken and is not parsed.
FEED_MAXSIZE = 4 * 1024 * 1024
_FEED_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
)
# Failures that mean the host could not be reached at all (Scrapy's wrappers and Twisted's own).
UNREACHABLE_ERRORS = (
    scrapy_errors.DownloadConnectionRefusedError,
    scrapy_errors.CannotResolveHostError,
    scrapy_errors.DownloadTimeoutError,
    net_error.DNSLookupError,
    net_error.ConnectError,
    net_error.TCPTimedOutError,
    net_error.TimeoutError,
)


def _drop_records_below(settings) -> None:
    """Let Scrapy's loggers drop messages below LOG_LEVEL before building a record.

    Scrapy sets its logger to DEBUG and filters in the handler, so every "Crawled" and
    "Scraped" debug line is built and then thrown away: about 4 records an article.
    """
    level = logging.getLevelName(str(settings.get("LOG_LEVEL", "DEBUG")).upper())
    if settings.getbool("LOG_ENABLED", True) and isinstance(level, int) and level > logging.DEBUG:
        for name in ("scrapy", "heraldcrawl"):
            logger = logging.getLogger(name)
            if logger.getEffectiveLevel() < level:
                logger.setLevel(level)


def _content_type(response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


TALLY_FLUSH = 200
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed_time(text: str | None, rss: bool) -> datetime | None:
    """An item's date: RFC 822 in RSS (`pubDate`), ISO 8601 in Atom; None if absent, unreadable
    or without a time zone."""
    if not text or not text.strip():
        return None
    try:
        when = parsedate_to_datetime(text.strip()) if rss else datetime.fromisoformat(text.strip())
    except (TypeError, ValueError, IndexError):
        when = None
    if when is not None and when.tzinfo is not None:
        return when
    # `+09:00` in an RFC 822 date (seen in the Korea Herald's feeds) is no RFC 822 zone: the
    # normaliser reads it, and every other printed form, as Korea time.
    return parse_date(text.strip(), fallback=False)


def _feed_links(root) -> list[tuple[str, datetime | None]]:
    """(link, date) of each item of an RSS feed (`channel/item/link`, `pubDate`) or an Atom
    feed (each entry's first `link` with an href and rel `alternate` or no rel; `published`,
    else `updated`), with or without the Atom namespace."""
    if root.tag == "rss":
        return [
            ((item.findtext("link") or "").strip(), _feed_time(item.findtext("pubDate"), True))
            for item in root.iterfind("./channel/item")
            if item.find("link") is not None
        ]
    ns = ATOM if root.tag.startswith(ATOM) else ""
    links = []
    for entry in root.iterfind(f"./{ns}entry"):
        for link in entry.iterfind(f"./{ns}link"):
            href = (link.get("href") or "").strip()
            if href and link.get("rel", "alternate").strip() == "alternate":
                when = entry.findtext(f"{ns}published") or entry.findtext(f"{ns}updated")
                links.append((href, _feed_time(when, False)))
                break
    return links


def _list_key(url: str) -> str:
    """A list page's key in the ledger of pending pages (article ids have no `list:`)."""
    return f"list:{url}"


def proxy_address(value: str | None) -> tuple[str, int] | None:
    """(host, port) of a proxy URL as the proxy variables give it (`http://user:pw@host:3128`,
    or `host:3128` without a scheme), or None when there is none or it cannot be read."""
    if not value:
        return None
    parts = urlsplit(value if "://" in value else f"http://{value}")
    try:
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


async def _connect_error(target: tuple[str, int], timeout: float) -> str | None:
    """None when `target` accepts a TCP connection within `timeout` seconds, else why not."""
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(*target), timeout)
    except (OSError, TimeoutError) as exc:
        return str(getattr(exc, "strerror", None) or type(exc).__name__)
    writer.close()
    return None


class ArgumentError(ValueError):
    """A spider argument is wrong; the message names it and the accepted forms."""


@dataclass
class CrawlArgs:
    mode: str = "latest"
    sites: tuple[str, ...] = ("koreaherald", "heraldbiz")
    limit: int | None = None
    urls: list[str] = field(default_factory=list)
    since: datetime | None = None  # first moment of the window, Korea time
    until: datetime | None = None  # first moment after the window, Korea time
    sections: list[Section] = field(default_factory=list)
    urls_file: str | None = None
    # Lines of urls_file that are not article URLs: the first few as (line number, text), and
    # how many there were. Skipped; the spider names them and counts them at start.
    bad_lines: list[tuple[int, str]] = field(default_factory=list)
    bad_line_count: int = 0

    def in_window(self, when: datetime | None) -> bool:
        if self.since is None or self.until is None:
            return True
        return when is not None and self.since <= when < self.until


def _day(name: str, value: str) -> datetime:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").replace(tzinfo=KST)
    except ValueError:
        raise ArgumentError(
            f"-a {name}={value!r} is not a date; use YYYY-MM-DD, such as 2019-08-01"
        ) from None


# Bad urls_file lines named one by one in the log; the rest are only counted.
MAX_NAMED_BAD_LINES = 100


def read_urls_file(name: str) -> tuple[list[str], list[tuple[int, str]], int]:
    """The article URLs of a text file, one a line (blank lines and `#` comments skipped, a
    UTF-8 BOM allowed): (URLs, the first MAX_NAMED_BAD_LINES bad lines as (line number, text),
    how many lines were bad). A bad line (not UTF-8, not an article URL) is skipped, so one typo
    does not cost the whole list."""
    path = Path(name)
    if not path.is_file():
        raise ArgumentError(
            f"-a urls_file={name!r}: no such file; give a text file with one article URL a line"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArgumentError(f"-a urls_file={name!r}: cannot read it ({exc.strerror})") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ArgumentError(f"-a urls_file={name!r} is saved as UTF-16; save it as UTF-8")
    # Line by line, so one undecodable line is one bad line (what "utf-8-sig" does, per line).
    raw = raw.removeprefix(codecs.BOM_UTF8)
    good: list[str] = []
    bad: list[tuple[int, str]] = []
    n_bad = 0
    for number, line in enumerate(raw.splitlines(), 1):
        try:
            text = line.decode("utf-8").strip()
        except UnicodeDecodeError:
            text, url = line.decode("utf-8", "replace").strip(), None
        else:
            if not text or text.startswith("#"):
                continue
            url = canonical_url(text)
        if url is None:
            n_bad += 1
            if len(bad) < MAX_NAMED_BAD_LINES:
                bad.append((number, text[:200]))
            continue
        good.append(text)
    return good, bad, n_bad


def parse_args(
    mode: str | None = None,
    site: str = "both",
    limit: str | int | None = None,
    urls: str | None = None,
    urls_file: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sections: str | None = None,
    **unknown: str,
) -> CrawlArgs:
    """Validate spider arguments once; raises ArgumentError with a message a user can act on.

    Without `mode`: `urls` when URLs are given, `backfill` when a window is, else `latest`."""
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ArgumentError(
            f"unknown argument(s) {names}; accepted: mode, site, since, until, "
            "sections, limit, urls, urls_file"
        )
    implied = mode is None
    if mode is None:
        mode = "urls" if (urls or urls_file) else "backfill" if (since or until) else "latest"
    if mode not in MODES:
        raise ArgumentError(f"-a mode={mode!r} is not known; use one of {', '.join(MODES)}")
    if site not in SITE_CHOICES:
        raise ArgumentError(f"-a site={site!r} is not known; use one of {', '.join(SITE_CHOICES)}")
    sites = ("koreaherald", "heraldbiz") if site == "both" else (site,)
    n = None
    if limit not in (None, ""):
        try:
            n = int(limit)
        except (TypeError, ValueError):
            n = 0
        if n < 1:
            raise ArgumentError(f"-a limit={limit!r} must be a whole number of articles, 1 or more")
    typed = [u.strip() for u in urls.split(",") if u.strip()] if urls else []
    from_file, bad_lines, n_bad = read_urls_file(urls_file) if urls_file else ([], [], 0)
    listed = typed + from_file
    if (urls or urls_file) and mode == "latest":
        mode = "urls"
    args = CrawlArgs(mode, sites, n, listed, urls_file=urls_file or None)
    args.bad_lines, args.bad_line_count = bad_lines, n_bad
    if mode == "urls":
        # URLs typed on the command line are checked strictly (the user sees the typo at once);
        # a file's bad lines are skipped, and only a file with no good line left is an error.
        bad = [u for u in typed if canonical_url(u) is None]
        if bad:
            raise ArgumentError(
                f"not an article URL of either site: {bad[0]} (expected "
                "/view.php?ud=YYYYMMDDNNNNNN or /article/N on a known host)"
            )
        if not listed and n_bad:
            line_no, text = bad_lines[0]
            raise ArgumentError(
                f"-a urls_file={urls_file!r} holds no article URL of either site: {n_bad} bad "
                f"line(s), the first line {line_no}: {text!r} (expected "
                "/view.php?ud=YYYYMMDDNNNNNN or /article/N on a known host)"
            )
        if not listed:
            raise ArgumentError("-a mode=urls needs -a urls=URL,URL or -a urls_file=PATH")
    if mode == "backfill":
        if not since:
            if implied:
                raise ArgumentError(
                    f"-a until={until} needs -a since=YYYY-MM-DD: a window without -a mode is "
                    "a backfill, and it starts at since"
                )
            raise ArgumentError(
                "-a mode=backfill needs -a since=YYYY-MM-DD (and optionally "
                "-a until=YYYY-MM-DD, default today)"
            )
        args.since = _day("since", since)
        args.until = (
            _day("until", until)
            if until
            else datetime.now(KST).replace(hour=0, minute=0, second=0, microsecond=0)
        ) + timedelta(days=1)
        if args.until <= args.since:
            raise ArgumentError(
                f"-a until={until} is before -a since={since}; the window must run forward in time"
            )
    elif since or until:
        given = " and ".join(f"-a {k}" for k, v in (("since", since), ("until", until)) if v)
        raise ArgumentError(
            f"-a mode={mode} takes no window, but {given} was given: a window belongs to "
            "-a mode=backfill (leave -a mode out, or give -a mode=backfill)"
        )
    if sections:
        try:
            args.sections = find_sections(sections.split(","), sites)
        except ValueError as exc:
            raise ArgumentError(str(exc)) from None
    return args


def contact_problem(settings: BaseSettings) -> str | None:
    """Why a crawl of the real sites may not start with these settings, or None: its user agent
    would name the shipped placeholder contact, so the sites' operators could not reach whoever
    runs it (they would reach the project instead)."""
    placeholder = shipped.HERALD_CONTACT_URL
    contact = (settings.get("HERALD_CONTACT_URL") or "").strip()
    if contact and (settings.getpriority("USER_AGENT") or 0) < SETTINGS_PRIORITIES["cmdline"]:
        named = contact.rstrip("/") == placeholder  # the agent is made from the contact
    else:
        named = placeholder in (settings.get("USER_AGENT") or "")  # the agent as given
    if not named:
        return None
    return (
        f"HERALD_CONTACT_URL is the shipped placeholder ({shipped.HERALD_CONTACT_URL}); a crawl "
        "of the real sites names who runs it, so the sites' operators can reach you: add "
        "-s HERALD_CONTACT_URL=mailto:you@example.org (your address or web page) to the "
        "command, or set HERALD_CONTACT_URL in heraldcrawl/settings.py"
    )


def check_invocation(
    spider_args: dict[str, str], base_url: str | None, settings: BaseSettings | None = None
) -> CrawlArgs:
    """Everything a crawl command checks before it starts: the spider arguments,
    HERALD_BASE_URL and, given `settings` and the real sites, the contact named in the user
    agent. Raises ArgumentError naming what is wrong. (The spider checks the contact again at
    start, for callers that do not pass `settings`.)"""
    args = parse_args(**spider_args)
    if base_url:
        try:
            validate_base_url(base_url)
        except ValueError as exc:
            raise ArgumentError(str(exc)) from None
    elif settings is not None and (problem := contact_problem(settings)):
        raise ArgumentError(problem)
    return args


class HeraldSpider(scrapy.Spider):
    name = "herald"

    def __init__(self, *args, **kwargs) -> None:
        spider_kwargs = {k: kwargs.pop(k) for k in ("name", "start_urls") if k in kwargs}
        super().__init__(*args, **spider_kwargs)
        self._raw_args = dict(kwargs)
        self.args = parse_args(**kwargs)
        self.articles_seen = 0
        self.oldest_seen: datetime | None = None
        self.pool: ExtractPool | None = None
        # Pages by (layout, provenance), added to the stats as named counters in batches: about
        # eight stats calls a page otherwise. Extensions that read them call flush_tally() first.
        self.shapes: Counter[tuple[str, tuple]] = Counter()
        self.tallied = 0
        # Each list walk by its first page: pages read, pages that failed (gaps), the oldest
        # list date reached and how it ended. The manifest reports them.
        self.walks: dict[str, dict] = {}
        # Latest mode: list items dated before this are not fetched (HERALD_LATEST_DAYS).
        self.lookback_from: datetime | None = None
        self.lookback_gap_told = False

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        _drop_records_below(crawler.settings)
        crawler.signals.connect(spider.on_dropped, signal=signals.request_dropped)
        if crawler.settings.getfloat("HERALD_EXTRACT_TIMEOUT", 5.0) <= 0:
            raise ValueError(
                "HERALD_EXTRACT_TIMEOUT must be a number of seconds above 0 (a page that takes "
                "longer is killed and filed as timed out)"
            )
        if frozen := crawler.settings.get("HERALD_TEST_CLOCK"):
            # A test seam: every "now" of the run (fetch times, the recheck) is this moment.
            moment = datetime.fromisoformat(frozen.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError(f"HERALD_TEST_CLOCK={frozen!r} needs a UTC offset")
            set_clock(lambda: moment)
        days = crawler.settings.getint("HERALD_LATEST_DAYS", 7)
        if spider.args.mode == "latest" and days > 0:
            # Midnight in Korea, as list dates are Korea days: the last `days` days and today.
            today = utc_now().astimezone(KST).replace(hour=0, minute=0, second=0, microsecond=0)
            spider.lookback_from = today - timedelta(days=days)
        return spider

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        cmdline = SETTINGS_PRIORITIES["cmdline"]
        if settings.get("HERALD_BASE_URL"):
            # The replica is a local process: politeness delays only slow the test down.
            for key, value in {
                "AUTOTHROTTLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0,
                "CONCURRENT_REQUESTS": 32,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
                # Back-offs after 503s and bad answers: a local process needs no breather.
                "HERALD_BACKOFF_DEFAULT": 0.5,
                "HERALD_FAULT_BACKOFF": 0.5,
                # The replica's few articles a day span years: the latest mode walks it all.
                "HERALD_LATEST_DAYS": 0,
            }.items():
                if (settings.getpriority(key) or 0) < cmdline:  # None: not set at all
                    settings.set(key, value, priority="spider")
        contact = settings.get("HERALD_CONTACT_URL")
        if contact and settings.getpriority("USER_AGENT") < cmdline:
            from heraldcrawl import __version__

            settings.set("USER_AGENT", f"heraldcrawl/{__version__} (+{contact})", priority="spider")

    # -- start -----------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.settings.get("HERALD_BASE_URL") and (problem := contact_problem(self.settings)):
            # For a command that did not give check_invocation its settings: refused before any
            # request, and "start_error" is exit status 2, as a refusal up front.
            self.logger.error(problem)
            raise CloseSpider("start_error")
        self._extractor().warm()
        self._tell_bad_lines()
        self._tell_lookback()
        hosts = [CANONICAL_HOST[s] for s in self.args.sites]
        if not self.settings.get("HERALD_BASE_URL"):
            hosts = await self._preflight(hosts)
        for request in self._start_requests(hosts):
            yield request

    def _tell_bad_lines(self) -> None:
        """Name each skipped line of the urls_file (the first MAX_NAMED_BAD_LINES) and count
        them all in `herald/urls/bad_lines`, 0 for a clean file."""
        if self.args.urls_file is None:
            return
        self.crawler.stats.set_value("herald/urls/bad_lines", self.args.bad_line_count)
        for line_no, text in self.args.bad_lines:
            self.logger.warning(
                "%s line %d: %r is not an article URL of either site; skipped",
                self.args.urls_file,
                line_no,
                text,
            )
        if (unnamed := self.args.bad_line_count - len(self.args.bad_lines)) > 0:
            self.logger.warning("%s: %d more bad line(s) skipped", self.args.urls_file, unnamed)

    def _tell_lookback(self) -> None:
        """On an empty archive, say once that the latest mode looks back only so far, and how
        to archive what is older."""
        if self.lookback_from is None or self._archive() is None:
            return
        if self.crawler.stats.get_value("herald/archive/known_at_start", 0):
            return
        self.lookback_gap_told = True
        self.logger.warning(
            "the archive is empty: the latest mode looks back %d day(s) only, to %s "
            "(HERALD_LATEST_DAYS); to archive older articles, seed it once with a backfill: "
            "heraldcrawl run backfill -a since=YYYY-MM-DD",
            self.settings.getint("HERALD_LATEST_DAYS", 7),
            self.lookback_from.date().isoformat(),
        )

    def _start_requests(self, hosts: list[str]) -> Iterable[scrapy.Request]:
        sites = [s for s in self.args.sites if CANONICAL_HOST[s] in hosts]
        yield from self._pending_requests(sites)
        if self.args.mode == "urls":
            for url in self.args.urls:
                canon = canonical_url(url)
                if canon and urlsplit(canon).hostname in hosts:
                    yield self._article_request(url, check_archive=False)
            return
        if self.args.mode == "latest" and "koreaherald" in sites and not self.args.sections:
            for url in KH_FEEDS:
                yield scrapy.Request(
                    url,
                    callback=self.parse_feed,
                    errback=self.on_error,
                    meta={"download_maxsize": FEED_MAXSIZE, "herald_kind": "feed"},
                )
        for url in self._list_urls(sites):
            yield self._list_request(url, root=url)

    def _list_request(self, url: str, root: str, depth: int = 1, **meta) -> scrapy.Request:
        """A list page of the walk that started at `root`."""
        self._walk_of(root)
        return scrapy.Request(
            url,
            callback=self.parse_list,
            errback=self.on_error,
            dont_filter=meta.pop("dont_filter", False),
            meta={
                "herald_kind": "list",
                "herald_list_root": root,
                "herald_list_depth": depth,
                **meta,
            },
        )

    def _pending_requests(self, sites: list[str]) -> Iterable[scrapy.Request]:
        """What earlier runs found and could not archive, asked for first (at most
        HERALD_PENDING_RETRY_LIMIT): articles, and list pages that failed (read alone)."""
        limit = self.settings.getint("HERALD_PENDING_RETRY_LIMIT", 1000)
        archive = self._archive()
        if archive is None or limit <= 0:
            return
        rows = archive.state.pending("pending", limit=limit)
        if rows:
            self.logger.info(
                "retrying %d article(s) or list page(s) earlier runs missed", len(rows)
            )
        for row in rows:
            host = urlsplit(row["url"]).hostname
            if site_of_host(host) not in sites:
                continue
            self.crawler.stats.inc_value("herald/pending/retried")
            if row["kind"] == "list":
                yield self._list_request(
                    row["url"],
                    root=row["url"],
                    priority=10,
                    dont_filter=True,
                    herald_list_single=True,
                )
            elif request := self._article_request(row["url"], check_archive=False):
                # Found by an earlier run: archived whatever this run's window.
                request.meta.update(herald_refetch=False, herald_pending=True)
                yield request.replace(priority=10)

    def _list_urls(self, sites: list[str]) -> list[str]:
        """First pages of the section lists of both eras."""
        chosen = self.args.sections
        urls = []
        for site in sites:
            mine = [s for s in chosen if s.site == site]
            codes = [s.code for s in mine] if chosen else [ALL_NEWS[site]]
            if chosen and not mine:
                continue
            urls += [f"{BASE[site]}/list.php?ct={code}&np=1" for code in codes]
            if site == "koreaherald":
                pages = mine if chosen else [s for s in SECTIONS if s.site == site]
                urls += [f"{BASE[site]}/{s.path}" for s in pages if s.path]
        return urls

    async def _preflight(self, hosts: list[str]) -> list[str]:
        """Hosts that resolve and accept a connection; the others are logged once and counted.

        Behind HTTPS_PROXY (as Scrapy reads it: urllib's proxy variables, NO_PROXY honoured) the
        crawl connects to the proxy, so the proxy is checked instead of each site. 0 or less
        for HERALD_PREFLIGHT_TIMEOUT switches the check off."""
        timeout = self.settings.getfloat("HERALD_PREFLIGHT_TIMEOUT", 10)
        if timeout <= 0:
            self.logger.info("start-up reachability check off (HERALD_PREFLIGHT_TIMEOUT=0)")
            return list(hosts)
        proxies = getproxies() if self.settings.getbool("HTTPPROXY_ENABLED", True) else {}
        proxy = proxy_address(proxies.get("https"))
        if proxy:
            self.logger.info("checking the proxy %s:%d (HTTPS_PROXY) instead of the sites", *proxy)
        elif proxies.get("all"):
            # Scrapy sends https requests through HTTPS_PROXY only: this crawl goes direct.
            self.logger.info(
                "ALL_PROXY is set, but Scrapy uses HTTPS_PROXY for https; connecting directly"
            )
        ok = []
        tried: dict[tuple[str, int], str | None] = {}  # one attempt a proxy, not one a host
        for host in hosts:
            via = proxy if proxy and not proxy_bypass(host) else None
            target = via or (host, 443)
            if target not in tried:
                tried[target] = await _connect_error(target, timeout)
            if (reason := tried[target]) is None:
                ok.append(host)
                continue
            if via:
                reason = f"the proxy {via[0]}:{via[1]} (HTTPS_PROXY) did not answer: {reason}"
            self.logger.error("cannot reach %s: %s", host, reason)
            self.crawler.stats.set_value(f"herald/unreachable/{host}", reason)
        return ok

    # -- discovery -------------------------------------------------------------------------------

    def _archive(self):
        return getattr(self.crawler, "herald_archive", None)

    def _skip(self, aid: str) -> bool:
        archive = self._archive()
        return archive is not None and archive.skip(aid, recheck=self.args.mode == "latest")

    def _archived_before_run(self, aid: str) -> bool:
        archive = self._archive()
        return archive is not None and archive.archived_before_run(aid)

    def _article_request(self, url: str, check_archive: bool = True) -> scrapy.Request | None:
        parsed = parse_article_url(url)  # (site, scheme, number); cached, as is every parse
        if parsed is None or parsed[0] not in self.args.sites:
            return None
        canon = canonical_url(url)
        aid = ":".join(parsed)  # article_id: the same for a URL and its canonical form
        if check_archive and self._skip(aid):
            self.crawler.stats.inc_value("herald/discovery/skipped_archived")
            return None
        if (archive := self._archive()) is not None:
            archive.discovered(aid, url)
        return scrapy.Request(
            canon,
            callback=self.parse_article,
            errback=self.on_error,
            meta={
                "herald_id": aid,
                "herald_found_as": url,
                "herald_refetch": not check_archive,
                "herald_kind": "article",
            },
        )

    def parse_feed(self, response) -> list[scrapy.Request]:
        stats = self.crawler.stats
        stats.inc_value("herald/feeds/fetched")
        try:
            root = etree.fromstring(response.body, parser=_FEED_PARSER)
        except etree.XMLSyntaxError:
            root = None
        if root is None or root.tag not in ("rss", "feed", f"{ATOM}feed"):
            stats.inc_value("herald/feeds/unparseable")
            self.logger.warning("feed %s could not be parsed as RSS or Atom; skipped", response.url)
            return []
        links = _feed_links(root)
        if not links:
            stats.inc_value("herald/feeds/empty")
            self.logger.info("feed %s holds no items", response.url)
        if (lookback := self.lookback_from) is not None:
            # The latest mode's lookback holds for feeds too (undated items are fetched).
            recent = [(link, when) for link, when in links if when is None or when >= lookback]
            if older := len(links) - len(recent):
                stats.inc_value("herald/feeds/older_than_lookback", older)
            links = recent
        requests = (self._article_request(response.urljoin(link)) for link, _ in links)
        return [r for r in requests if r is not None]

    async def parse_list(self, response) -> list[scrapy.Request]:
        stats = self.crawler.stats
        stats.inc_value("herald/lists/fetched")
        # Read in an extraction worker, like articles, with the extractor's own charset rules
        # (a list page with no declared charset costs Scrapy's detector about 10 ms).
        try:
            found = await self._extractor().read_list(
                response.body, response.url, _content_type(response)
            )
        except ExtractionError as exc:  # a timeout or a bug: this page fails, the walk goes on
            reason = "timed_out" if isinstance(exc, ExtractionTimeout) else "extraction_error"
            stats.inc_value(f"herald/errors/list_{reason}")
            self.logger.error("list page %s could not be read: %s", response.url, exc)
            return self._list_failed(response.request, reason, str(exc)[:300])
        items = found["items"]
        for skipped in ("broken", "not_article", "other_blocks"):
            # Items of the page left out: links no URL can be made of, links to no article of
            # the site, items of blocks that are not the listing (Most Popular, Latest News).
            if count := found.get(skipped):
                stats.inc_value(f"herald/lists/skipped/{skipped}", count)
        if source := found.get("source"):
            # Items found by links alone, not by a known list design, mean a redesigned list.
            stats.inc_value(f"herald/lists/source/{source}")
        meta = response.meta
        depth = meta.get("herald_list_depth", 1)
        root = meta.get("herald_list_root", response.url)
        if (archive := self._archive()) is not None:
            archive.resolved({_list_key(response.url), _list_key(response.request.url)})
        if not items and not found.get("design", True):
            # A 200 that is not a list page: an error page the answer checks did not know.
            # Never the end of a list.
            stats.inc_value("herald/faults/not_list")
            if retry_later(self.crawler, response.request, "not_list"):
                return []
            return self._list_failed(response.request, "soft_error", "not a list page")
        walk = self._walk_of(root)
        walk["pages"] += 1
        if meta.get("herald_list_single"):
            # A page an earlier run missed: its articles only, no walk from it.
            self._end_walk(root, "single_page")
            return self._walk(response.url, items, None, depth, root, single=True)
        if (seek := meta.get("herald_seek")) is not None:
            return self._seek_step(response.url, items, found["next"], depth, seek, found["last"])
        if not items:
            stats.inc_value("herald/lists/empty")
            self._end_walk(root, "last_page")
            self.logger.info("list page %s holds no listed articles", response.url)
            return []
        seek_allowed = not meta.get("herald_no_seek")
        return self._walk(
            response.url, items, found["next"], depth, root, seek_allowed, found["last"]
        )

    def _walk_of(self, root: str) -> dict:
        return self.walks.setdefault(root, {"pages": 0, "gaps": 0, "reached": None, "ended": None})

    def _end_walk(self, root: str, how: str) -> None:
        """How a list walk ended: `past_window`, `last_page`, `nothing_new`, `lookback` (the
        latest mode reached HERALD_LATEST_DAYS), `single_page` (a page an earlier run missed,
        read alone) are complete; `max_pages`, `failed` are not."""
        self._walk_of(root)["ended"] = how

    def _walk(
        self,
        url: str,
        items: list,
        next_url: str | None,
        depth: int,
        root: str,
        seek_allowed: bool = True,
        last: int | None = None,
        single: bool = False,
    ) -> list[scrapy.Request]:
        """The article requests of one list page, and the request of the page after it.
        `seek_allowed` is False once a seek in this list has failed: it walks to the end;
        `single` reads the page alone."""
        stats = self.crawler.stats
        out = []
        backfill = self.args.mode == "backfill"
        lookback = None if backfill else self.lookback_from
        new = older = newer = articles = 0
        left_out: list[str] = []  # older than the lookback and not archived
        walk = self._walk_of(root)
        for link, listed_text in items:
            listed = datetime.fromisoformat(listed_text) if listed_text else None
            aid = article_id(link)
            if aid is None:
                stats.inc_value("herald/lists/non_article_links")
                continue
            if single:
                # A page an earlier run missed: its articles are archived whatever the window.
                if request := self._article_request(link):
                    request.meta["herald_pending"] = True
                    out.append(request)
                continue
            if listed is not None and (walk["reached"] is None or listed_text < walk["reached"]):
                walk["reached"] = listed_text
            articles += 1
            if lookback is not None and listed is not None and listed < lookback:
                older += 1
                if not self._archived_before_run(aid):
                    left_out.append(link)
                continue
            if backfill and listed is not None:
                self._note_reached(listed)
                # List dates are days; a day of margin on each side, the page decides.
                if self._after_window(listed):
                    newer += 1
                    continue
                if listed < self.args.since - timedelta(days=1):
                    older += 1
                    continue
            elif backfill:
                stats.inc_value("herald/backfill/undated_list_items")
            # "New" is judged against earlier runs: this run's own finds must not stop the walk.
            if not self._archived_before_run(aid):
                new += 1
            if request := self._article_request(link):
                out.append(request)
        if single:
            return out
        if backfill and older == len(items):
            stats.inc_value("herald/lists/stopped_past_window")
            self._end_walk(root, "past_window")
            return out
        if lookback is not None and articles and older == articles:
            # Checked before "nothing new": on an empty archive every page is new.
            stats.inc_value("herald/lists/stopped_lookback")
            self._end_walk(root, "lookback")
            self._tell_lookback_gap(url, left_out)
            return out
        if not backfill and new == 0:
            stats.inc_value("herald/lists/stopped_nothing_new")
            self._end_walk(root, "nothing_new")
            return out
        if depth >= self.settings.getint("HERALD_MAX_LIST_PAGES", 5000):
            stats.inc_value("herald/lists/stopped_max_pages")
            self._end_walk(root, "max_pages")
            self.logger.warning("stopped after %d pages of %s (HERALD_MAX_LIST_PAGES)", depth, url)
            return out
        whole_page_newer = backfill and newer == len(items)
        if (
            whole_page_newer
            and seek_allowed
            and (probe := self._seek_start(url, depth, items, last, root))
        ):
            return [*out, probe]
        if next_url and site_of_host(urlsplit(next_url).hostname) is None:
            stats.inc_value("herald/lists/offsite_next_link")
            next_url = None
        if next_url:
            out.append(
                self._list_request(next_url, root, depth + 1, herald_no_seek=not seek_allowed)
            )
        else:
            self._end_walk(root, "last_page")
        return out

    def _tell_lookback_gap(self, url: str, left_out: list[str]) -> None:
        """A walk that stopped at the lookback with older articles not in the archive: the
        crawler was off longer than HERALD_LATEST_DAYS. Counted, and said once a run (on an
        empty archive the start-up line has said it)."""
        if not left_out:
            return
        self.crawler.stats.inc_value("herald/lists/lookback_left_out", len(left_out))
        if self.lookback_gap_told or self.lookback_from is None:
            return
        self.lookback_gap_told = True
        self.logger.warning(
            "list %s goes on past the latest mode's lookback (HERALD_LATEST_DAYS, to %s) with "
            "articles not in the archive, such as %s; to archive them, run a backfill: "
            "heraldcrawl run backfill -a since=YYYY-MM-DD -a until=%s",
            url,
            self.lookback_from.date().isoformat(),
            left_out[0],
            (self.lookback_from - timedelta(days=1)).date().isoformat(),
        )

    def _list_failed(self, request: scrapy.Request, reason: str, detail: str) -> list:
        """A list page that failed through its retries: filed in the ledger (the next run
        reads it first), counted as a gap, and the walk goes on with the page after it when
        the list is numbered. A run of HERALD_LIST_MAX_GAPS failed pages ends the walk."""
        stats = self.crawler.stats
        meta = request.meta
        root = meta.get("herald_list_root", request.url)
        walk = self._walk_of(root)
        walk["gaps"] += 1
        stats.inc_value("herald/lists/gaps")
        if (archive := self._archive()) is not None:
            archive.failed(_list_key(request.url), request.url, reason, detail, kind="list")
        if meta.get("herald_list_single"):
            return []
        if reason == "blocked":
            self._end_walk(root, "failed")
            return []
        seek = meta.get("herald_seek")
        if seek is not None:
            return self._abandon_seek(request.url, meta.get("herald_list_depth", 1), seek)
        run = meta.get("herald_list_gap_run", 0) + 1
        depth = meta.get("herald_list_depth", 1)
        after = list_page_after(request.url)
        if (
            after is None
            or run > self.settings.getint("HERALD_LIST_MAX_GAPS", 3)
            or depth >= self.settings.getint("HERALD_MAX_LIST_PAGES", 5000)
        ):
            self._end_walk(root, "failed")
            self.logger.error(
                "list walk from %s ended at %s, which failed (%s): the pages after it were "
                "not read",
                root,
                request.url,
                detail,
            )
            return []
        self.logger.warning(
            "list page %s failed (%s); going on with %s", request.url, detail, after
        )
        return [
            self._list_request(
                after,
                root,
                depth + 1,
                herald_no_seek=meta.get("herald_no_seek", False),
                herald_list_gap_run=run,
            )
        ]

    # -- seeking the window in a legacy list ------------------------------------------------------
    #
    # A backfill of an old window would otherwise walk every page newer than it: years of pages
    # on the real site. Legacy lists take any page number (`np`, site-notes section 3), and are
    # newest first, so the first page that reaches the window is found by doubling the page
    # number, then halving the gap: about 2 log2(N) pages instead of N. Pages are probed with
    # dont_filter, so the walk that follows may fetch a probed page again (a few pages at most).

    def _seek_start(
        self, url: str, depth: int, items: list, last: int | None, root: str
    ) -> scrapy.Request | None:
        """A first probe when a whole legacy list page is newer than the window. `last`, the
        pager's highest page, bounds the probes."""
        if not self.settings.getbool("HERALD_LIST_SEEK", True):
            return None
        page_no = legacy_page_no(url)
        if page_no is None or (last is not None and last <= page_no):
            return None
        self.crawler.stats.inc_value("herald/lists/seek_started")
        # `top`: a site that answers a page number past its end with its first page again must
        # not look like an endless list of new pages.
        seek = {
            "lo": page_no,  # the last page known to be newer than the window
            "hi": None,  # the first page known to reach it (or to lie past the end)
            "first": page_no,
            "newer": 0,  # probes that found a page newer than the window
            "last": last,
            "top": items[0][0],
            "root": root,
        }
        return self._probe(url, depth, seek)

    def _probe(self, url: str, depth: int, seek: dict) -> scrapy.Request | None:
        lo, hi = seek["lo"], seek["hi"]
        limit = self.settings.getint("HERALD_MAX_LIST_PAGES", 5000)
        if seek["last"]:
            limit = min(limit, seek["last"])
        target = lo * 2 if hi is None else (lo + hi) // 2
        target = min(target, limit)
        if target <= lo:
            return None
        self.crawler.stats.inc_value("herald/lists/seek_probes")
        request = self._list_request(
            legacy_page_url(url, target),
            seek["root"],
            depth + 1,
            dont_filter=True,
            herald_seek=seek,
        )
        return request.replace(errback=self._probe_failed)

    def _seek_step(
        self,
        url: str,
        items: list,
        next_url: str | None,
        depth: int,
        seek: dict,
        last: int | None = None,
    ) -> list[scrapy.Request]:
        stats = self.crawler.stats
        page_no = legacy_page_no(url)
        root = seek["root"]
        if items and page_no != seek["first"] and items[0][0] == seek["top"]:
            stats.inc_value("herald/lists/seek_wrapped")
            items, next_url = [], None  # the first page again: the list ended before this one
        dates = [d for _, d in items]
        if page_no is None or None in dates:
            # An undated item: the page cannot be placed.
            return self._abandon_seek(url, depth, seek)
        limit = self.settings.getint("HERALD_MAX_LIST_PAGES", 5000)
        seek = dict(seek)
        if last is not None and items:
            seek["last"] = last
        if items and all(self._after_window(datetime.fromisoformat(d)) for d in dates):
            seek["lo"] = page_no
            seek["newer"] += 1
            if seek["last"] and page_no >= seek["last"]:
                # Even the last page is newer: the list holds nothing as old as the window.
                stats.inc_value("herald/lists/stopped_past_window")
                self._end_walk(root, "last_page")
                return []
            if page_no >= limit:
                stats.inc_value("herald/lists/stopped_max_pages")
                self._end_walk(root, "max_pages")
                self.logger.warning(
                    "every page of %s up to %d is newer than the window (HERALD_MAX_LIST_PAGES)",
                    url,
                    page_no,
                )
                return []
        else:
            # Past the end (no items), or a page that reaches the window.
            seek["hi"] = page_no
            seek["page"] = (url, items, next_url)
        if seek["hi"] is not None and seek["hi"] - seek["lo"] <= 1:
            # Pages between the start and the window's first page that were never fetched.
            skipped = seek["hi"] - seek["first"] - 1 - seek["newer"]
            stats.inc_value("herald/lists/seek_skipped_pages", skipped)
            first_url, first_items, first_next = seek["page"]
            if not first_items:
                stats.inc_value("herald/lists/stopped_past_window")
                self._end_walk(root, "last_page")
                return []
            return self._walk(first_url, first_items, first_next, depth, root)
        probe = self._probe(url, depth, seek)
        return [probe] if probe is not None else []

    def _probe_failed(self, failure) -> list[scrapy.Request]:
        request = failure.request
        seek = request.meta["herald_seek"]
        depth = request.meta.get("herald_list_depth", 1)
        response = getattr(failure.value, "response", None)
        if failure.check(RetryLater):
            return []  # asked again later, by the answer checks
        if failure.check(HttpError) and response is not None and response.status == 404:
            # Past the last page, on a site that answers so: as good as an empty page.
            self.crawler.stats.inc_value("herald/lists/seek_past_end")
            return self._seek_step(request.url, [], None, depth, seek)
        self._count_failure(failure)  # anything else is a failure like any other
        return self._abandon_seek(request.url, depth, seek)

    def _abandon_seek(self, url: str, depth: int, seek: dict) -> list[scrapy.Request]:
        """Walk page by page from the page after the last one known to be newer than the
        window: no page that may hold it is left out."""
        self.crawler.stats.inc_value("herald/lists/seek_abandoned")
        return [
            self._list_request(
                legacy_page_url(url, seek["lo"] + 1),
                seek["root"],
                depth,
                dont_filter=True,
                herald_no_seek=True,
            )
        ]

    def _after_window(self, listed: datetime) -> bool:
        """A list date past the window's end, by more than a day of margin (list dates are
        days): such an item is not fetched, and a page of only such items is skipped over."""
        return listed >= self.args.until + timedelta(days=1)

    def _note_reached(self, listed: datetime) -> None:
        if self.oldest_seen is None or listed < self.oldest_seen:
            self.oldest_seen = listed
            self.crawler.stats.set_value("herald/backfill/reached", listed.date().isoformat())

    # -- articles --------------------------------------------------------------------------------

    async def parse_article(self, response) -> list:
        stats = self.crawler.stats
        try:
            record = await self._extractor().extract(
                response.body, response.url, _content_type(response)
            )
        except NotAnArticle as exc:
            # Asked for as an article: an error page in disguise until the retries say not.
            stats.inc_value("herald/faults/not_article")
            if retry_later(self.crawler, response.request, "not_article"):
                return []
            stats.inc_value("herald/skipped/not_article")
            self.logger.warning("not an article: %s", exc)
            self._article_failed(response.request, "not_article", str(exc))
            return []
        except ExtractionTimeout as exc:
            stats.inc_value("herald/errors/extraction_timeout")
            self.logger.error("extraction timed out: %s", exc)
            self._article_failed(response.request, "timed_out", str(exc))
            return []
        except Exception as exc:  # a parser bug must cost one page, named, not the run
            stats.inc_value("herald/errors/extraction")
            detail = (
                str(exc) if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {exc}"
            )
            self.logger.error("extraction failed on %s: %s", response.url, detail)
            self._article_failed(response.request, "extraction_error", detail)
            return []
        layout = record["layout"]
        if layout == "unknown":
            self.logger.warning(
                "no known page design matched %s; generic fallbacks used", response.url
            )
        # Pages of one layout mostly share one provenance: one key a page, spelled out at flush.
        self.shapes[(layout, tuple(record["provenance"].items()))] += 1
        self.tallied += 1
        if self.tallied >= TALLY_FLUSH:
            self.flush_tally()
        if self.args.mode == "backfill":
            published = datetime.fromisoformat(record["published"]) if record["published"] else None
            if not self.args.in_window(published) and not response.meta.get("herald_pending"):
                stats.inc_value("herald/backfill/outside_window")
                self._settled(response.request, record)
                return []
        if self.args.limit is not None and self.articles_seen >= self.args.limit:
            if not getattr(self.crawler, "herald_stop_reason", None):
                self.crawler.herald_stop_reason = "limit"
            if (archive := self._archive()) is not None:  # not archived: the ledger keeps it
                archive.dropped({response.meta.get("herald_id"), record["id"]} - {None})
            raise CloseSpider("limit")
        self.articles_seen += 1
        record["fetched_at"] = iso_utc(utc_now())
        record["fetched_url"] = response.meta.get("herald_found_as", response.url)
        record["revision"] = 1
        record["warc"] = response.meta.get("herald_warc")  # the page's WARC response record
        record["extractor_version"] = EXTRACTOR_VERSION
        return [ArticleItem(record)]

    def _extractor(self) -> ExtractPool:
        if self.pool is None:
            workers = self.settings.getint("HERALD_EXTRACT_WORKERS", -1)
            if workers < 0:
                workers = default_workers()
            if workers and not is_asyncio_reactor_installed():
                self.logger.info("extracting inline: worker processes need the asyncio reactor")
                workers = 0
            timeout = self.settings.getfloat("HERALD_EXTRACT_TIMEOUT", 5.0)
            self.pool = ExtractPool(workers, self.crawler.stats, timeout=timeout)
        return self.pool

    def flush_tally(self) -> None:
        """Add the per-page counters kept since the last flush to the crawl stats."""
        tally: Counter[str] = Counter()
        for (layout, provenance), n in self.shapes.items():
            tally[f"herald/layout/{layout}"] += n
            for fld, source in provenance:
                tally[f"herald/source/{layout}/{fld}/{source}"] += n
                if fld == "encoding":
                    # Pages decoded with bad bytes replaced: `damaged` ones hold many of them.
                    tally[f"herald/encoding/{source}"] += n
                elif source not in ("layout", "none"):
                    tally[f"herald/fallback/{layout}/{fld}"] += n
        self.shapes.clear()
        stats = self.crawler.stats
        for key, n in tally.items():
            stats.inc_value(key, n)
        self.tallied = 0

    async def closed(self, reason: str) -> None:
        self.flush_tally()
        self.window_report()
        if self.pool is not None:
            await self.pool.close()

    def window_report(self) -> dict:
        """Each list walk (pages, gaps, oldest list date reached, how it ended) and, in a
        backfill, whether the window was covered: every walk ended past the window or at the
        true last page, with no gap. An uncovered window makes the run incomplete (status 6)."""
        walks = {root: dict(w) for root, w in self.walks.items()}
        complete = ("past_window", "last_page", "nothing_new", "lookback", "single_page")
        uncovered = sorted(
            root for root, w in walks.items() if w["gaps"] or w["ended"] not in complete
        )
        report: dict = {"lists": walks}
        stopped = getattr(self.crawler, "herald_stop_reason", None)
        if stopped == "limit":
            return report  # asked for so many articles, not for the window
        if self.args.mode == "backfill":
            report["window"] = {
                "since": self.args.since.date().isoformat() if self.args.since else None,
                "until": (self.args.until - timedelta(days=1)).date().isoformat()
                if self.args.until
                else None,
                "covered": not uncovered and stopped is None,
                "uncovered_lists": uncovered,
            }
            if uncovered or stopped is not None:
                self.crawler.stats.set_value(
                    "herald/backfill/window_incomplete", len(uncovered) or 1
                )
        if uncovered:
            self.crawler.stats.set_value("herald/lists/incomplete", len(uncovered))
        return report

    def _article_failed(self, request: scrapy.Request, reason: str, detail: str) -> None:
        archive = self._archive()
        if archive is None or not (aid := request.meta.get("herald_id")):
            return
        if archive.archived_before_run(aid):
            # A refetch (recheck, -a urls) of an archived article: nothing is missing.
            self.crawler.stats.inc_value("herald/recheck/failed")
            archive.dropped([aid])
            return
        archive.failed(aid, request.meta.get("herald_found_as", request.url), reason, detail)

    def _settled(self, request: scrapy.Request, record: dict | None = None) -> None:
        """An article this run need not archive (outside the window, past the limit)."""
        if (archive := self._archive()) is not None:
            keys = {request.meta.get("herald_id"), record and record.get("id")} - {None}
            archive.resolved(keys)

    def on_dropped(self, request: scrapy.Request, spider=None) -> None:
        """The scheduler dropped a request as a duplicate. A legacy address that redirected
        to an article this run already asks for is that article: its own request settles it."""
        aid = request.meta.get("herald_id")
        target = article_id(request.url)
        if aid and target and target != aid and (archive := self._archive()) is not None:
            archive.resolved([aid])
            archive.state.add_alias(aid, target)
            archive.looked_up.pop(aid, None)

    def on_error(self, failure):
        if failure.check(RetryLater):
            return None  # asked again later; not a failure yet
        request = failure.request
        reason, detail = self._count_failure(failure)
        kind = request.meta.get("herald_kind")
        if reason is None:
            if kind == "article":
                self._settled(request)
            return None
        if kind == "article":
            self._article_failed(request, reason, detail)
        elif kind == "list":
            return self._list_failed(request, reason, detail)
        return None

    def _count_failure(self, failure) -> tuple[str | None, str]:
        """Count a failed request in `herald/errors/...` and log it; (ledger reason, detail),
        or (None, why) for a request left out on purpose."""
        request = failure.request
        host = urlsplit(request.url).hostname or "?"
        stats = self.crawler.stats
        if failure.check(HttpError):
            # An answer other than 2xx after the retries. Scrapy files HttpError under
            # IgnoreRequest, but a page the site would not serve is a failure of the run.
            status = failure.value.response.status
            stats.inc_value(f"herald/errors/http_{status}")
            self.logger.error("failed %s: HTTP %d", request.url, status)
            return "fetch_failed", f"HTTP {status}"
        if failure.check(BadAnswer):
            kind = failure.value.kind
            stats.inc_value(f"herald/errors/bad_answer_{kind}")
            self.logger.error("failed %s: every answer was bad (%s)", request.url, kind)
            return "soft_error", kind
        if failure.check(scrapy_errors.IgnoreRequest):
            message = failure.getErrorMessage()
            # Left out on purpose, and counted where it was decided: robots.txt forbids it, or
            # a redirect led to an article already archived.
            if request.meta.get("herald_settled") or message.startswith("Forbidden by robots"):
                self.logger.debug("ignored %s: %s", request.url, message)
                return None, message
            if stats.get_value(f"herald/blocked/{host}"):
                return "blocked", f"{host} blocked"  # said once, where it was found
            if offsite := request.meta.get("herald_offsite"):
                return "offsite", f"led to {offsite}, a host of neither site"
            if message.startswith("max redirections"):
                return "redirect_loop", message
            self.logger.warning("not fetched %s: %s", request.url, message)
            return "ignored", message[:300]
        if failure.check(*UNREACHABLE_ERRORS):
            stats.inc_value(f"herald/unreachable/{host}")
        stats.inc_value(f"herald/errors/{failure.type.__name__}")
        self.logger.error("failed %s: %s", request.url, failure.getErrorMessage())
        timeouts = (
            scrapy_errors.DownloadTimeoutError,
            net_error.TimeoutError,
            net_error.TCPTimedOutError,
        )
        if failure.check(*timeouts):
            return "timed_out", failure.type.__name__
        return "fetch_failed", f"{failure.type.__name__}: {failure.getErrorMessage()}"[:300]
