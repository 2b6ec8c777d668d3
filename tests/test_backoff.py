"""Back-off without holding the downloader, and hosts that block the crawler.

The crawls run in a child process (`python -m tests.test_backoff CONFIG`) with the project's
settings against a small local server that answers by the `X-Herald-Host` header the replica
download handler sends, so each of the two site hosts can behave differently.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import scrapy

from tests.conftest import run_module

KH = "www.koreaherald.com"
HB = "biz.heraldcorp.com"

# (status, headers, body) for a request's (host, path)
Answer = Callable[[str, str], tuple[int, dict[str, str], bytes]]


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() of the server process
    host: str
    path: str
    status: int


class SiteServer:
    """An HTTP server on 127.0.0.1 that answers as `answer` says and logs every request."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                host = self.headers.get("X-Herald-Host") or self.headers.get("Host", "")
                status, headers, body = server.answer(host, self.path)
                with server.lock:
                    server.hits.append(Hit(time.monotonic(), host, self.path, status))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"

    def of(self, host: str, prefix: str = "/") -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.host == host and h.path.startswith(prefix)]


@contextmanager
def site_server(answer: Answer) -> Iterator[SiteServer]:
    server = SiteServer(answer)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(5)


def page(n: int) -> bytes:
    return f"<html><head><title>page {n}</title></head><body>page {n}</body></html>".encode()


HTML = {"Content-Type": "text/html; charset=utf-8"}

# Settings of every test crawl: the project's (download handler, middlewares), quick timings,
# and nothing written anywhere.
TEST_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "ITEM_PIPELINES": {},
    "HERALD_PROGRESS_INTERVAL": 0,
    "HERALD_EXTRACT_WORKERS": 0,
    "LOG_LEVEL": "INFO",
    "SPIDER_MODULES": [],  # the probe spider is given by class
}


def crawl(server: SiteServer, urls: list[str], tmp: Path, timeout: float = 120, **settings):
    """Crawl `urls` in order with `ProbeSpider` in a child process: (process result, outcome)."""
    out = tmp / "outcome.json"
    config = {
        "urls": urls,
        "out": str(out),
        "settings": {**TEST_SETTINGS, "HERALD_BASE_URL": server.base_url, **settings},
    }
    done = run_module("tests.test_backoff", json.dumps(config), timeout=timeout)
    outcome = json.loads(out.read_text()) if out.exists() else {}
    return done, outcome


class ProbeSpider(scrapy.Spider):
    """Fetches the given URLs in the given order and notes how each ended."""

    name = "probe"

    def __init__(self, urls: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.fetched: list[str] = []
        self.failed: list[tuple[str, str]] = []

    async def start(self):
        # Higher priority first: the URLs are taken in the order given.
        for i, url in enumerate(self.urls):
            yield scrapy.Request(
                url, callback=self.parse, errback=self.on_error, priority=len(self.urls) - i
            )

    def parse(self, response):
        self.fetched.append(response.url)

    def on_error(self, failure):
        from scrapy.spidermiddlewares.httperror import HttpError

        from heraldcrawl.later import RetryLater

        if failure.check(RetryLater):
            return  # it comes back later
        kind = failure.type.__name__
        if failure.check(HttpError):
            kind = f"http_{failure.value.response.status}"
        elif getattr(failure.value, "kind", None):
            kind = f"{kind}:{failure.value.kind}"
        self.failed.append((failure.request.url, kind))


# -- back-off --------------------------------------------------------------------------------


def refuse_kh(host: str, path: str):
    if host == KH:
        return 429, {"Retry-After": "3", **HTML}, b"<html><body>Too Many Requests</body></html>"
    return 200, HTML, page(int(path.rsplit("/", 1)[-1]))


def test_a_host_backing_off_does_not_hold_up_the_other(tmp_path):
    kh = [f"https://{KH}/article/{n}" for n in range(1, 5)]
    hb = [f"https://{HB}/article/{n}" for n in range(1, 41)]
    with site_server(refuse_kh) as server:
        # Four downloader places: four requests waiting in a middleware would fill them all.
        done, outcome = crawl(
            server, kh + hb, tmp_path, CONCURRENT_REQUESTS=4, HERALD_BACKOFF_RETRIES=1
        )
        kh_hits, hb_hits = server.of(KH), server.of(HB)
    assert done.returncode == 0, done.stderr[-3000:]
    first_refusal = min(h.at for h in kh_hits)
    hb_done = max(h.at for h in hb_hits) - first_refusal
    kh_done = max(h.at for h in kh_hits) - first_refusal
    assert sorted(outcome["fetched"]) == sorted(hb)
    assert len(hb_hits) == 40
    # Every KH page was refused twice (a try and one retry), then given up as HTTP 429.
    assert len(kh_hits) == 8
    assert sorted(map(tuple, outcome["failed"])) == [(u, "http_429") for u in kh]
    stats = outcome["stats"]
    assert stats[f"herald/backoff/{KH}"] == 8
    assert stats["herald/backoff/gave_up"] == 4
    assert stats["herald/backoff/max_wait_seconds"] == 3.0
    # All of HB was fetched before KH's first back-off ended, long before its last.
    assert hb_done < 3.0 < 3 * 3.0 < kh_done
    # KH was asked again only after the 3 s each answer asked for: the four first tries went
    # together, the retries one at a time.
    times = sorted(h.at for h in kh_hits)
    assert all(later - earlier >= 2.9 for earlier, later in itertools.pairwise(times[3:]))


# -- blocked hosts ---------------------------------------------------------------------------

CHALLENGE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b'<script src="/cdn-cgi/challenge-platform/x.js"></script></body></html>'
)


def challenge_kh(host: str, path: str):
    if host == KH:
        if int(path.rsplit("/", 1)[-1]) % 2:
            cdn = {"Server": "cloudflare", "cf-mitigated": "challenge", **HTML}
            return 503, cdn, CHALLENGE_PAGE
        return 403, HTML, b"<html><title>Attention Required! | Cloudflare</title></html>"
    return 200, HTML, page(int(path.rsplit("/", 1)[-1]))


def test_a_host_that_answers_with_challenges_is_blocked_and_no_longer_asked(tmp_path):
    kh = [f"https://{KH}/article/{n}" for n in range(1, 31)]
    hb = [f"https://{HB}/article/{n}" for n in range(1, 11)]
    with site_server(challenge_kh) as server:
        done, outcome = crawl(server, kh + hb, tmp_path)
        kh_hits = server.of(KH)
    assert done.returncode == 0, done.stderr[-3000:]
    stats = outcome["stats"]
    # Five challenges in a row block it; only requests already sent (or, on a loaded machine,
    # a retry or two already due) then reach the server, not 30 pages times four tries.
    assert 5 <= len(kh_hits) <= 20
    challenges = stats["herald/faults/challenge"]
    assert stats[f"herald/blocked/{KH}"] == challenges and 5 <= challenges <= len(kh_hits)
    assert stats[f"herald/blocked_requests/{KH}"] >= 30 - (len(kh_hits) - 5)
    assert done.stderr.count("is blocking the crawler") == 1
    assert f"host {KH} is blocking the crawler ({challenges} of {challenges} answers" in (
        done.stderr
    )
    # Every KH page was dropped, none failed as a bad answer; the other site was crawled.
    assert sorted(map(tuple, outcome["failed"])) == sorted((u, "IgnoreRequest") for u in kh)
    assert sorted(outcome["fetched"]) == sorted(hb)
    assert outcome["dropped"] == []


def _main(config_json: str) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    config = json.loads(config_json)
    settings = get_project_settings()
    settings.setdict(config["settings"], priority="cmdline")
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler, urls=config["urls"])
    process.start()
    spider = crawler.spider
    later = getattr(crawler, "herald_later", None)
    outcome = {
        "stats": {k: v for k, v in crawler.stats.get_stats().items() if not hasattr(v, "year")},
        "fetched": spider.fetched,
        "failed": spider.failed,
        "dropped": later.dropped if later is not None else [],
    }
    Path(config["out"]).write_text(json.dumps(outcome, default=str))


if __name__ == "__main__":
    _main(sys.argv[1])
