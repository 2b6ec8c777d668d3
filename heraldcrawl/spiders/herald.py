"""The `herald` spider: finds articles in feeds and section lists and fetches each once.

    scrapy crawl herald [-a mode=latest|urls] [-a site=koreaherald|heraldbiz|both] [-a limit=N]
                        [-a urls=URL,URL] [-a urls_file=PATH]

Discovery only: what to fetch and in which order. Each article response goes to
`heraldcrawl.extract.extract_article`, a pure function.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import CloseSpider
from scrapy.settings import SETTINGS_PRIORITIES
from twisted.internet import error as net_error

from heraldcrawl.extract import NotAnArticle, extract_article
from heraldcrawl.loaders import load_record
from heraldcrawl.record import iso_utc, utc_now
from heraldcrawl.urls import CANONICAL_HOST, article_id, canonical_url, site_of_host

KH = "https://www.koreaherald.com"
HB = "https://biz.heraldcorp.com"
MODES = ("latest", "urls")
SITE_CHOICES = ("koreaherald", "heraldbiz", "both")

# Where each site lists its articles (site-notes section 3).
KH_FEEDS = [f"{KH}/rss/newsAll"] + [
    f"{KH}/common/rss_xml.php?ct={ct}" for ct in (102, 103, 104, 105, 106, 107, 108, 305)
]
KH_LISTS = [f"{KH}/list.php?ct=020000000000&np=1"] + [
    f"{KH}/{path}"
    for path in (
        "National",
        "Business",
        "Finance",
        "LifenCulture",
        "Entertainment",
        "Sports",
        "World",
        "Opinion",
    )
]
HB_LISTS = [f"{HB}/list.php?ct=010000000000&np=1"]

# The section's own listing on each list design; "Most Popular" and "Latest News" are not in it.
LISTING_LINKS = (
    "ul.main_sec_li > li > a",
    "ul.category_detail_list > li > a.news_link",
    "article.recent_news ul.news_list li a",
    "div.list_area ul li a",
)
NEXT_LINKS = ("div.pagination a.next::attr(href)", "a[rel=next]::attr(href)")


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


class ArgumentError(ValueError):
    """A spider argument is wrong; the message names it and the accepted forms."""


@dataclass
class CrawlArgs:
    mode: str = "latest"
    sites: tuple[str, ...] = ("koreaherald", "heraldbiz")
    limit: int | None = None
    urls: list[str] = field(default_factory=list)


def parse_args(
    mode: str = "latest",
    site: str = "both",
    limit: str | int | None = None,
    urls: str | None = None,
    urls_file: str | None = None,
    **unknown: str,
) -> CrawlArgs:
    """Validate spider arguments once; raises ArgumentError with a message a user can act on."""
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ArgumentError(
            f"unknown argument(s) {names}; accepted: mode, site, limit, urls, urls_file"
        )
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
    listed: list[str] = []
    if urls:
        listed += [u.strip() for u in urls.split(",") if u.strip()]
    if urls_file:
        path = Path(urls_file)
        if not path.is_file():
            raise ArgumentError(
                f"-a urls_file={urls_file!r}: no such file; give a text file "
                "with one article URL a line"
            )
        listed += [
            ln.strip()
            for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")
        ]
    if (urls or urls_file) and mode == "latest":
        mode = "urls"
    if mode == "urls":
        if not listed:
            raise ArgumentError("-a mode=urls needs -a urls=URL,URL or -a urls_file=PATH")
        bad = [u for u in listed if canonical_url(u) is None]
        if bad:
            raise ArgumentError(
                f"not an article URL of either site: {bad[0]} (expected "
                "/view.php?ud=YYYYMMDDNNNNNN or /article/N on a known host)"
            )
    return CrawlArgs(mode, sites, n, listed)


class HeraldSpider(scrapy.Spider):
    name = "herald"

    def __init__(self, *args, **kwargs) -> None:
        spider_kwargs = {k: kwargs.pop(k) for k in ("name", "start_urls") if k in kwargs}
        super().__init__(*args, **spider_kwargs)
        self.args = parse_args(**kwargs)
        self.articles_seen = 0

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
            }.items():
                if settings.getpriority(key) < cmdline:
                    settings.set(key, value, priority="spider")
        contact = settings.get("HERALD_CONTACT_URL")
        if contact and settings.getpriority("USER_AGENT") < cmdline:
            from heraldcrawl import __version__

            settings.set("USER_AGENT", f"heraldcrawl/{__version__} (+{contact})", priority="spider")

    # -- start -----------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        hosts = [CANONICAL_HOST[s] for s in self.args.sites]
        if not self.settings.get("HERALD_BASE_URL"):
            hosts = await self._preflight(hosts)
        for request in self._start_requests(hosts):
            yield request

    def _start_requests(self, hosts: list[str]) -> Iterable[scrapy.Request]:
        if self.args.mode == "urls":
            for url in self.args.urls:
                canon = canonical_url(url)
                if canon and urlsplit(canon).hostname in hosts:
                    yield self._article_request(url, check_archive=False)
            return
        if CANONICAL_HOST["koreaherald"] in hosts:
            for url in KH_FEEDS:
                yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error)
            for url in KH_LISTS:
                yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error)
        if CANONICAL_HOST["heraldbiz"] in hosts:
            for url in HB_LISTS:
                yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error)

    async def _preflight(self, hosts: list[str]) -> list[str]:
        """Hosts that resolve and accept a connection; the others are logged once and counted."""
        timeout = self.settings.getfloat("HERALD_PREFLIGHT_TIMEOUT", 10)
        ok = []
        for host in hosts:
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(host, 443), timeout)
                writer.close()
                ok.append(host)
            except (OSError, TimeoutError) as exc:
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                self.logger.error("cannot reach %s: %s", host, reason)
                self.crawler.stats.set_value(f"herald/unreachable/{host}", str(reason))
        return ok

    # -- discovery -------------------------------------------------------------------------------

    def _archived(self, aid: str) -> bool:
        archive = getattr(self.crawler, "herald_archive", None)
        return archive is not None and archive.is_archived(aid)

    def _archived_before_run(self, aid: str) -> bool:
        archive = getattr(self.crawler, "herald_archive", None)
        return archive is not None and archive.archived_before_run(aid)

    def _article_request(self, url: str, check_archive: bool = True) -> scrapy.Request | None:
        canon = canonical_url(url)
        if canon is None:
            return None
        if site_of_host(urlsplit(canon).hostname) not in self.args.sites:
            return None
        aid = article_id(canon)
        if check_archive and aid and self._archived(aid):
            self.crawler.stats.inc_value("herald/discovery/skipped_archived")
            return None
        return scrapy.Request(
            canon,
            callback=self.parse_article,
            errback=self.on_error,
            meta={"herald_id": aid, "herald_found_as": url, "herald_refetch": not check_archive},
        )

    def parse_feed(self, response):
        links = response.xpath("//item/link/text()").getall()
        stats = self.crawler.stats
        stats.inc_value("herald/feeds/fetched")
        if not links:
            stats.inc_value("herald/feeds/empty")
            self.logger.info("feed %s holds no items", response.url)
        for link in links:
            if request := self._article_request(response.urljoin(link.strip())):
                yield request

    def parse_list(self, response):
        stats = self.crawler.stats
        stats.inc_value("herald/lists/fetched")
        hrefs: list[str] = []
        for query in LISTING_LINKS:
            hrefs += response.css(query).xpath("@href").getall()
        if not hrefs:
            stats.inc_value("herald/lists/empty")
            self.logger.info("list page %s holds no listed articles", response.url)
            return
        new = 0
        for href in hrefs:
            url = response.urljoin(href)
            aid = article_id(url)
            if aid is None:
                stats.inc_value("herald/lists/non_article_links")
                continue
            # "New" is judged against earlier runs: this run's own finds must not stop the walk.
            if not self._archived_before_run(aid):
                new += 1
            if request := self._article_request(url):
                yield request
        if new == 0:
            stats.inc_value("herald/lists/stopped_nothing_new")
            return
        if next_url := self._next_page(response):
            yield scrapy.Request(next_url, callback=self.parse_list, errback=self.on_error)

    def _next_page(self, response) -> str | None:
        for query in NEXT_LINKS:
            if href := response.css(query).get():
                return response.urljoin(href)
        parts = urlsplit(response.url)
        if not parts.path.endswith("list.php"):
            return None
        query = parse_qs(parts.query)
        page = int((query.get("np") or ["1"])[0] or 1)
        pages = [
            int(m)
            for m in re.findall(
                r"[?&]np=(\d+)", " ".join(response.css("ul.paging a::attr(href)").getall())
            )
        ]
        if not pages or page >= max(pages):
            return None
        ct = (query.get("ct") or [""])[0]
        return f"{parts.scheme}://{parts.netloc}{parts.path}?ct={ct}&np={page + 1}"

    # -- articles --------------------------------------------------------------------------------

    def parse_article(self, response):
        stats = self.crawler.stats
        try:
            record = extract_article(response.body, response.url, response.headers)
        except NotAnArticle as exc:
            stats.inc_value("herald/skipped/not_article")
            self.logger.warning("not an article, skipped: %s", exc)
            return
        layout = record["layout"]
        stats.inc_value(f"herald/layout/{layout}")
        if layout == "unknown":
            self.logger.warning(
                "no known page design matched %s; generic fallbacks used", response.url
            )
        for fld, source in record["provenance"].items():
            stats.inc_value(f"herald/source/{layout}/{fld}/{source}")
            if source not in ("layout", "none"):
                stats.inc_value(f"herald/fallback/{layout}/{fld}")
        if self.args.limit is not None and self.articles_seen >= self.args.limit:
            raise CloseSpider("limit")
        self.articles_seen += 1
        record["fetched_at"] = iso_utc(utc_now())
        record["fetched_url"] = response.meta.get("herald_found_as", response.url)
        record["revision"] = 1
        yield load_record(record)

    def on_error(self, failure):
        request = failure.request
        host = urlsplit(request.url).hostname or "?"
        stats = self.crawler.stats
        if failure.check(*UNREACHABLE_ERRORS):
            stats.inc_value(f"herald/unreachable/{host}")
        stats.inc_value(f"herald/errors/{failure.type.__name__}")
        self.logger.error("failed %s: %s", request.url, failure.getErrorMessage())
