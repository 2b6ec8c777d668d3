"""What a new user meets first (issue 17): a window without a mode, the latest mode's lookback on
an empty archive, the placeholder contact, the preflight behind a proxy or switched off, a
urls_file with a BOM and bad lines, Atom feeds, and a log without Referer warnings."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from datetime import date, datetime, timedelta

import orjson
import pytest
from scrapy import Request
from scrapy.http import Response, XmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from heraldcrawl.middlewares import HeraldRedirectMiddleware, QuickMetaRefreshMiddleware
from heraldcrawl.record import KST, set_clock
from heraldcrawl.spiders.herald import (
    ArgumentError,
    HeraldSpider,
    check_invocation,
    contact_problem,
    parse_args,
    proxy_address,
)
from tests.conftest import crawl_replica, read_archive, replica_process, run_crawl, run_module

KH = "www.koreaherald.com"
HB = "biz.heraldcorp.com"
A1 = "https://www.koreaherald.com/article/10000001"
A2 = "https://www.koreaherald.com/view.php?ud=20190821000123"
LIST = "https://www.koreaherald.com/list.php?ct=020000000000&np=1"
PLACEHOLDER = "https://github.com/heraldcrawl/heraldcrawl"
# 2026-11-28 12:00 in Korea: the lookback of 7 days starts at 2026-11-21 00:00 KST.
CLOCK = "2026-11-28T03:00:00Z"


@pytest.fixture(autouse=True)
def _system_clock():
    yield
    set_clock(None)  # HERALD_TEST_CLOCK sets a process-wide clock


def spider(settings: dict | None = None, **kwargs) -> HeraldSpider:
    crawler = get_crawler(HeraldSpider, {"HERALD_EXTRACT_WORKERS": 0, **(settings or {})})
    made = HeraldSpider.from_crawler(crawler, **kwargs)
    crawler.spider = made
    return made


def project_settings(**cmdline: object) -> Settings:
    """The settings a command has before the crawler is made: the project's, then `-s`."""
    settings = Settings()
    settings.setmodule("heraldcrawl.settings", priority="project")
    settings.setdict(cmdline, priority="cmdline")
    return settings


# -- 1. a window without a mode is a backfill ----------------------------------------------------


def test_a_window_without_a_mode_is_a_backfill():
    args = parse_args(since="2019-08-01")
    assert args.mode == "backfill"
    assert args.since == datetime(2019, 8, 1, tzinfo=KST)
    today = datetime.now(KST).replace(hour=0, minute=0, second=0, microsecond=0)
    assert args.until == today + timedelta(days=1)
    args = parse_args(since="2019-08-01", until="2019-08-31")
    assert (args.mode, args.until) == ("backfill", datetime(2019, 9, 1, tzinfo=KST))


def test_latest_with_a_window_is_an_error_naming_both():
    with pytest.raises(ArgumentError) as caught:
        parse_args(mode="latest", since="2019-08-01")
    assert "mode=latest" in str(caught.value) and "since" in str(caught.value)
    with pytest.raises(ArgumentError, match="until"):
        parse_args(mode="latest", until="2019-08-01")


def test_until_alone_asks_for_since_and_urls_take_no_window():
    with pytest.raises(ArgumentError, match="since"):
        parse_args(until="2019-08-31")
    with pytest.raises(ArgumentError, match="mode=urls"):
        parse_args(urls=A1, since="2019-08-01")
    assert parse_args().mode == "latest"
    assert parse_args(urls=A1).mode == "urls"


# -- 2. the latest mode looks back HERALD_LATEST_DAYS ---------------------------------------------


def latest_spider(**settings) -> HeraldSpider:
    return spider({"HERALD_TEST_CLOCK": CLOCK, "HERALD_LATEST_DAYS": 7, **settings})


def item(n: int, day: str) -> list[str]:
    return [f"https://www.koreaherald.com/article/{10000000 + n}", f"{day}T00:00:00+09:00"]


def test_lookback_starts_at_midnight_in_korea_n_days_back():
    assert latest_spider().lookback_from == datetime(2026, 11, 21, tzinfo=KST)
    assert (
        spider({"HERALD_LATEST_DAYS": 7}, mode="backfill", since="2019-08-01").lookback_from is None
    )
    assert latest_spider(HERALD_LATEST_DAYS=0).lookback_from is None
    # The replica's articles span years: its latest mode walks them all unless told otherwise.
    assert latest_spider(HERALD_BASE_URL="http://127.0.0.1:9").lookback_from is None


def test_items_older_than_the_lookback_are_not_fetched_and_the_walk_goes_on():
    s = latest_spider()
    items = [item(1, "2026-11-27"), item(2, "2026-11-21"), item(3, "2026-11-20")]
    out = s._walk(LIST, items, LIST.replace("np=1", "np=2"), 1, LIST)
    urls = [r.url for r in out]
    assert urls == [items[0][0], items[1][0], LIST.replace("np=1", "np=2")]
    assert s.walks[LIST]["ended"] is None


def test_a_page_all_older_than_the_lookback_ends_the_walk_as_complete():
    s = latest_spider()
    items = [item(4, "2026-11-20"), item(5, "2026-11-02")]
    assert s._walk(LIST, items, LIST.replace("np=1", "np=2"), 2, LIST) == []
    stats = s.crawler.stats
    assert stats.get_value("herald/lists/stopped_lookback") == 1
    assert s.walks[LIST]["ended"] == "lookback"
    s.window_report()
    assert stats.get_value("herald/lists/incomplete") is None


def test_older_articles_not_archived_past_the_lookback_are_told_once(caplog):
    s = latest_spider()
    s._archived_before_run = lambda aid: aid.endswith("10000006")  # one of them is archived
    caplog.set_level(logging.WARNING)
    for root in (LIST, LIST.replace("ct=02", "ct=01")):
        s._walk(root, [item(6, "2026-11-01"), item(7, "2026-10-30")], None, 3, root)
    told = [r for r in caplog.records if "lookback" in r.getMessage()]
    assert len(told) == 1
    assert "heraldcrawl run backfill -a since=" in told[0].getMessage()
    assert s.crawler.stats.get_value("herald/lists/lookback_left_out") == 2


def test_an_empty_archive_is_told_how_to_seed_it(caplog):
    s = latest_spider()
    s.crawler.herald_archive = object()  # an archive store is open; it set the stat below
    s.crawler.stats.set_value("herald/archive/known_at_start", 0)
    caplog.set_level(logging.INFO)
    s._tell_lookback()
    [line] = [r.getMessage() for r in caplog.records]
    assert "heraldcrawl run backfill -a since=YYYY-MM-DD" in line and "2026-11-21" in line
    caplog.clear()
    s.crawler.stats.set_value("herald/archive/known_at_start", 12)
    s._tell_lookback()
    assert not caplog.records


# -- 3. the placeholder contact --------------------------------------------------------------------


def test_the_real_sites_are_refused_with_the_placeholder_contact():
    with pytest.raises(ArgumentError) as caught:
        check_invocation({}, "", settings=project_settings())
    message = str(caught.value)
    assert "-s HERALD_CONTACT_URL=mailto:you@example.org" in message
    assert PLACEHOLDER in message and "settings" in message
    # An empty contact leaves the shipped user agent, which names the placeholder.
    assert contact_problem(project_settings(HERALD_CONTACT_URL=""))


def test_a_contact_of_ones_own_or_the_replica_is_accepted():
    mine = project_settings(HERALD_CONTACT_URL="mailto:me@example.org")
    assert check_invocation({}, "", settings=mine).mode == "latest"
    assert contact_problem(mine) is None
    agent = project_settings(USER_AGENT="mybot/1 (+mailto:me@example.org)")
    assert contact_problem(agent) is None
    replica = project_settings()
    assert check_invocation({}, "http://127.0.0.1:8600", settings=replica).mode == "latest"
    assert check_invocation({}, "").mode == "latest"  # a caller without settings: the spider checks


@pytest.mark.e2e
@pytest.mark.parametrize("command", ["crawl", "run"])
def test_a_real_crawl_with_the_placeholder_contact_exits_2(command, tmp_path):
    archive = f"HERALD_ARCHIVE_DIR={tmp_path / 'a'}"
    if command == "crawl":
        done = run_crawl("-s", archive, timeout=120)
    else:
        done = run_module("heraldcrawl", "run", "latest", "-s", archive, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "-s HERALD_CONTACT_URL=mailto:you@example.org" in done.stderr
    assert "Traceback" not in done.stderr
    assert "downloader/request_count" not in done.stderr  # refused before any request


# -- 4. the preflight: off, or through the proxy ----------------------------------------------


@pytest.fixture
def no_proxy_env(monkeypatch):
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture
def connections(monkeypatch):
    """Record where the preflight connects instead of connecting."""
    seen: list[tuple[str, int]] = []

    class Writer:
        def close(self) -> None:
            pass

    async def fake(host, port, *args, **kwargs):
        seen.append((host, port))
        return None, Writer()

    monkeypatch.setattr(asyncio, "open_connection", fake)
    return seen


def preflight(s: HeraldSpider, hosts=(KH, HB)) -> list[str]:
    return asyncio.run(s._preflight(list(hosts)))


def test_preflight_timeout_0_switches_the_check_off(no_proxy_env, connections, caplog):
    caplog.set_level(logging.INFO)
    assert preflight(spider({"HERALD_PREFLIGHT_TIMEOUT": 0})) == [KH, HB]
    assert connections == []
    assert any("check off" in r.getMessage() for r in caplog.records)


def test_preflight_checks_a_listening_proxy_once_instead_of_the_sites(no_proxy_env):
    with socket.create_server(("127.0.0.1", 0)) as proxy:
        port = proxy.getsockname()[1]
        no_proxy_env.setenv("HTTPS_PROXY", f"http://user:secret@127.0.0.1:{port}")
        s = spider({"HERALD_PREFLIGHT_TIMEOUT": 5})
        assert preflight(s) == [KH, HB]
        proxy.setblocking(False)
        accepted = 0
        for _ in range(5):  # the kernel queued each connection the preflight made
            try:
                conn, _ = proxy.accept()
            except BlockingIOError:
                break
            conn.close()
            accepted += 1
    assert accepted == 1
    assert not [k for k in s.crawler.stats.get_stats() if k.startswith("herald/unreachable/")]


def test_a_proxy_that_does_not_answer_makes_every_proxied_host_unreachable(no_proxy_env):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    no_proxy_env.setenv("https_proxy", f"127.0.0.1:{port}")
    s = spider({"HERALD_PREFLIGHT_TIMEOUT": 5})
    assert preflight(s) == []
    for host in (KH, HB):
        reason = s.crawler.stats.get_value(f"herald/unreachable/{host}")
        assert f"127.0.0.1:{port} (HTTPS_PROXY)" in reason


def test_no_proxy_hosts_and_all_proxy_are_checked_as_scrapy_connects(no_proxy_env, connections):
    no_proxy_env.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    no_proxy_env.setenv("NO_PROXY", HB)
    assert preflight(spider()) == [KH, HB]
    assert connections == [("proxy.internal", 3128), (HB, 443)]
    connections.clear()
    assert preflight(spider({"HTTPPROXY_ENABLED": False})) == [KH, HB]
    assert connections == [(KH, 443), (HB, 443)]
    connections.clear()
    no_proxy_env.delenv("HTTPS_PROXY")
    no_proxy_env.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")  # Scrapy does not use it
    assert preflight(spider()) == [KH, HB]
    assert connections == [(KH, 443), (HB, 443)]


def test_proxy_addresses_are_read_as_urllib_gives_them():
    assert proxy_address("http://u:p@10.0.0.1:3128/") == ("10.0.0.1", 3128)
    assert proxy_address("proxy.internal:8080") == ("proxy.internal", 8080)
    assert proxy_address("http://proxy.internal") == ("proxy.internal", 80)
    assert proxy_address("https://proxy.internal") == ("proxy.internal", 443)
    assert proxy_address("http://proxy:notaport") is None
    assert proxy_address("") is None


# -- 5. urls_file: a BOM, bad lines skipped, counted and named ------------------------------------


def test_a_urls_file_with_a_bom_and_bad_lines_keeps_the_good_ones(tmp_path, caplog):
    path = tmp_path / "urls.txt"
    path.write_bytes(
        b"\xef\xbb\xbf" + A1.encode() + b"\r\n"  # the BOM Notepad writes
        b"not a url\n# a comment\n\n\xff\xfe broken\n" + A2.encode() + b"\n"
    )
    args = parse_args(urls_file=str(path))
    assert args.mode == "urls"
    assert args.urls == [A1, A2]
    assert args.bad_line_count == 2
    assert [n for n, _ in args.bad_lines] == [2, 5]
    s = spider(urls_file=str(path))
    caplog.set_level(logging.WARNING)
    s._tell_bad_lines()
    assert s.crawler.stats.get_value("herald/urls/bad_lines") == 2
    named = [r.getMessage() for r in caplog.records]
    assert len(named) == 2
    assert named[0].startswith(f"{path} line 2: 'not a url'") and f"{path} line 5" in named[1]


def test_a_clean_urls_file_counts_0_and_a_file_of_bad_lines_is_an_error(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(f"{A1}\n", encoding="utf-8")
    s = spider(urls_file=str(clean))
    s._tell_bad_lines()
    assert s.crawler.stats.get_value("herald/urls/bad_lines") == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("https://www.example.com/x\nhello\n", encoding="utf-8")
    with pytest.raises(ArgumentError) as caught:
        parse_args(urls_file=str(bad))
    assert str(bad) in str(caught.value) and "line 1" in str(caught.value)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text(f"{A1}\n", encoding="utf-16")
    with pytest.raises(ArgumentError, match="UTF-8"):
        parse_args(urls_file=str(utf16))
    with pytest.raises(ArgumentError, match="not an article URL"):
        parse_args(urls="https://www.example.com/x," + A1)  # typed URLs stay strict


# -- 6. Atom feeds --------------------------------------------------------------------------------

ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Herald</title>
<link rel="self" href="https://www.koreaherald.com/atom"/>
<entry><title>one</title><link rel="alternate" type="text/html"
  href="https://www.koreaherald.com/article/10000011"/><updated>2026-11-27T10:00:00+09:00</updated>
</entry>
<entry><title>two</title><link rel="enclosure" href="https://res.heraldm.com/a.jpg"/>
  <link href="/view.php?ud=20261126000222"/><published>2026-11-26T09:00:00Z</published></entry>
<entry><title>self only</title><link rel="self" href="https://www.koreaherald.com/article/10000013"/>
</entry>
<entry><title>old</title><link href="https://www.koreaherald.com/article/10000014"/>
  <published>2026-10-01T09:00:00+09:00</published></entry>
</feed>"""


def atom(body: bytes) -> XmlResponse:
    url = "https://www.koreaherald.com/rss/newsAll"
    return XmlResponse(url, body=body, headers={"Content-Type": "application/atom+xml"})


def test_atom_entries_become_article_requests():
    s = spider({"HERALD_LATEST_DAYS": 0})
    urls = [r.url for r in s.parse_feed(atom(ATOM_FEED))]
    assert urls == [
        "https://www.koreaherald.com/article/10000011",
        "https://www.koreaherald.com/view.php?ud=20261126000222",
        "https://www.koreaherald.com/article/10000014",
    ]
    assert s.crawler.stats.get_value("herald/feeds/empty") is None
    plain = ATOM_FEED.replace(b' xmlns="http://www.w3.org/2005/Atom"', b"")
    assert [r.url for r in spider({"HERALD_LATEST_DAYS": 0}).parse_feed(atom(plain))] == urls


def test_the_lookback_holds_for_feed_items_too():
    s = latest_spider()
    urls = [r.url for r in s.parse_feed(atom(ATOM_FEED))]
    assert "https://www.koreaherald.com/article/10000014" not in urls and len(urls) == 2
    assert s.crawler.stats.get_value("herald/feeds/older_than_lookback") == 1
    rss = (
        b'<rss version="2.0"><channel><item><link>' + A1.encode() + b"</link>"
        b"<pubDate>Tue, 01 Sep 2026 05:01:00 +0900</pubDate></item><item><link>"
        + A2.encode()
        + b"</link><pubDate>Fri, 27 Nov 2026 05:01:00 +0900</pubDate></item></channel></rss>"
    )
    assert [r.url for r in latest_spider().parse_feed(atom(rss))] == [A2]


# -- 7. no Referer warnings -------------------------------------------------------------------


@pytest.mark.parametrize("cls", [HeraldRedirectMiddleware, QuickMetaRefreshMiddleware])
def test_redirects_drop_the_referer_without_a_warning(cls, caplog):
    mw = cls.from_crawler(get_crawler())
    caplog.set_level(logging.WARNING)
    mw._engine_started()
    assert not caplog.records
    request = Request(A2, headers={"Referer": "https://www.koreaherald.com/"})
    if cls is HeraldRedirectMiddleware:
        answer = Response(A2, status=301, headers={"Location": "/article/10000005"})
    else:
        body = b'<html><head><meta http-equiv="refresh" content="0; url=/article/10000005">'
        from scrapy.http import HtmlResponse

        answer = HtmlResponse(A2, body=body)
    out = mw.process_response(request, answer)
    assert isinstance(out, Request) and out.url == "https://www.koreaherald.com/article/10000005"
    assert b"Referer" not in out.headers


def test_scrapy_redirect_middleware_is_replaced_in_settings():
    mws = project_settings().getdict("DOWNLOADER_MIDDLEWARES")
    assert mws["scrapy.downloadermiddlewares.redirect.RedirectMiddleware"] is None
    assert mws["heraldcrawl.middlewares.HeraldRedirectMiddleware"] == 600


# -- against the replica --------------------------------------------------------------------------


def _truth(path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


@pytest.mark.e2e
def test_first_latest_run_looks_back_only_so_far_and_says_how_to_seed(tmp_path):
    truth_path = tmp_path / "truth.jsonl"
    with replica_process(2000, truth_path) as url:
        truth = _truth(truth_path)
        days = sorted(r["published"][:10] for r in truth)
        today = date.fromisoformat(days[-1]) + timedelta(days=1)
        # A lookback reaching about the newest tenth of the replica's articles.
        lookback = max(1, (today - date.fromisoformat(days[len(days) * 9 // 10])).days)
        cutoff = today - timedelta(days=lookback)
        done, stats = crawl_replica(
            url,
            tmp_path / "a",
            "-s",
            f"HERALD_LATEST_DAYS={lookback}",
            "-s",
            f"HERALD_TEST_CLOCK={today.isoformat()}T00:00:00Z",
        )
    assert done.returncode == 0, done.stderr[-3000:]
    got = {r["id"] for r in read_archive(tmp_path / "a")}

    def since(day: date) -> set[str]:
        return {r["id"] for r in truth if r["published"][:10] >= day.isoformat()}

    # List dates are days (a legacy id's date may be a day off): a day of margin either side.
    assert since(cutoff + timedelta(days=1)) <= got <= since(cutoff - timedelta(days=1))
    assert len(got) < len(truth) // 2
    assert stats["herald/lists/stopped_lookback"] >= 1
    assert "herald/lists/incomplete" not in stats
    assert done.stderr.count("seed it once with a backfill") == 1
    assert "heraldcrawl run backfill -a since=YYYY-MM-DD" in done.stderr
    # 7: Scrapy's redirect middlewares found no RefererMiddleware and said so, twice.
    assert "Referer" not in done.stderr


@pytest.mark.e2e
def test_a_urls_file_with_a_bom_and_a_bad_line_is_crawled(tmp_path):
    truth_path = tmp_path / "truth.jsonl"
    with replica_process(60, truth_path) as url:
        picked = _truth(truth_path)[:2]
        path = tmp_path / "urls.txt"
        lines = [picked[0]["url"], "https://www.koreaherald.com/nothing-here", picked[1]["url"]]
        path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
        done, stats = crawl_replica(url, tmp_path / "a", "-a", f"urls_file={path}")
        bad = tmp_path / "bad.txt"
        bad.write_text("hello\n", encoding="utf-8")
        refused = run_crawl(
            "-a",
            f"urls_file={bad}",
            "-s",
            f"HERALD_BASE_URL={url}",
            "-s",
            f"HERALD_ARCHIVE_DIR={tmp_path / 'b'}",
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(r["id"] for r in read_archive(tmp_path / "a")) == sorted(r["id"] for r in picked)
    assert stats["herald/urls/bad_lines"] == 1
    assert f"{path} line 2" in done.stderr
    assert refused.returncode == 2 and str(bad) in refused.stderr
