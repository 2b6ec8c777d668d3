"""The ledger of pending articles, the answer checks and the exit statuses, one piece at a time
(the crawl against a faulty replica is in tests/test_faults_e2e.py)."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse, TextResponse

from heraldcrawl.archive import State, catch_up
from heraldcrawl.cli import main as cli_main
from heraldcrawl.extract.lists import list_page_after, read_list
from heraldcrawl.faults import bad_answer
from heraldcrawl.outcome import (
    EXIT_DRIFT,
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_UNWRITABLE,
    judge,
)

NOW = "2026-12-01T00:00:00Z"


def _fail(state: State, key: str, run: str, reason: str = "fetch_failed", attempts: int = 3):
    return state.fail(key, "article", f"https://x/{key}", reason, "HTTP 500", run, NOW, attempts)


def test_a_failure_is_counted_once_a_run_and_given_up_after_the_last_attempt(tmp_path):
    state = State(tmp_path)
    assert _fail(state, "koreaherald:article:1", "run1") == 1
    assert _fail(state, "koreaherald:article:1", "run1") == 1  # same run: same attempt
    assert _fail(state, "koreaherald:article:1", "run2") == 2
    assert [r["state"] for r in state.pending(None)] == ["pending"]
    assert _fail(state, "koreaherald:article:1", "run3") == 3
    (row,) = state.pending(None)
    assert (row["state"], row["attempts"], row["reason"]) == ("given_up", 3, "fetch_failed")
    assert state.pending("pending") == []
    assert state.count_pending("run3") == {"given_up": 1}
    state.close()


def test_archiving_an_article_removes_it_from_the_ledger_under_its_alias_too(tmp_path):
    state = State(tmp_path)
    _fail(state, "koreaherald:ud:20190821000123", "run1")
    _fail(state, "koreaherald:article:9", "run1")
    record = {
        "id": "koreaherald:article:5",
        "content_hash": "sha256:" + "0" * 64,
        "revision": 1,
        "published": None,
        "fetched_at": NOW,
        "fetched_url": "https://www.koreaherald.com/view.php?ud=20190821000123",
    }
    state.apply([record], {}, "run2")
    assert [r["id"] for r in state.pending(None)] == ["koreaherald:article:9"]
    state.resolve(["koreaherald:article:9"])
    assert state.pending(None) == []
    state.close()


def test_the_ledger_survives_a_rebuild_of_the_state(tmp_path):
    state = State(tmp_path)
    _fail(state, "koreaherald:article:1", "run1")
    state.reset()
    catch_up(tmp_path, state)
    assert len(state.pending(None)) == 1
    state.close()


def test_archive_pending_json_lists_url_reason_attempts_and_state(tmp_path, capsys):
    state = State(tmp_path)
    _fail(state, "koreaherald:article:1", "run1", reason="soft_error")
    state.close()
    assert cli_main(["archive", "pending", str(tmp_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["url"] == "https://x/koreaherald:article:1"
    assert (rows[0]["reason"], rows[0]["attempts"], rows[0]["state"]) == (
        "soft_error",
        1,
        "pending",
    )
    assert cli_main(["archive", "pending", str(tmp_path)]) == 0
    assert "1 pending" in capsys.readouterr().out


def test_archive_pending_of_a_missing_folder_names_it(tmp_path, capsys):
    assert cli_main(["archive", "pending", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


# -- answers that a status code does not show ---------------------------------------------------

PAGE = b"<html><head><title>A story</title></head><body>" + b"<p>text</p>" * 50 + b"</body></html>"


def _response(body: bytes, flags=None, url="https://www.koreaherald.com/article/1"):
    return HtmlResponse(url, body=body, flags=flags or [], headers={"Content-Type": "text/html"})


@pytest.mark.parametrize(
    ("body", "flags", "kind"),
    [
        (PAGE, None, None),
        (PAGE, ["partial"], None),  # flagged, but whole
        (PAGE[:100], ["partial"], "partial"),
        (b"", None, "empty"),
        (b"  \n", None, "empty"),
        (PAGE[: len(PAGE) // 2], None, "cut"),
        (
            b"<html><head><title>Service temporarily unavailable</title></head>"
            b"<body><h1>Service temporarily unavailable</h1></body></html>",
            None,
            "soft",
        ),
        (
            "<html><head><title>일시적으로 서비스를 이용할 수 없습니다</title></head>"
            "<body></body></html>".encode(),
            None,
            "soft",
        ),
    ],
)
def test_bad_answers_are_told_apart_from_whole_pages(body, flags, kind):
    assert bad_answer(_response(body, flags), "article") == kind


def test_a_feed_is_whole_when_its_root_closes():
    feed = TextResponse("https://x/rss", body=b"<rss><channel></channel></rss>")
    assert bad_answer(feed, "feed") is None
    assert bad_answer(TextResponse("https://x/rss", body=b"<rss><channel><item>"), "feed") == "cut"


def test_a_page_that_is_no_list_design_is_not_the_end_of_a_list():
    soft = b"<html><head><title>Oops</title></head><body><p>Try later</p></body></html>"
    found = read_list(soft, "https://www.koreaherald.com/list.php?ct=020100000000&np=3")
    assert found["items"] == [] and found["design"] is False
    empty_list = b'<html><body><ul class="category_detail_list"></ul></body></html>'
    found = read_list(empty_list, "https://www.koreaherald.com/list.php?ct=020100000000&np=9")
    assert found["items"] == [] and found["design"] is True


@pytest.mark.parametrize(
    ("url", "after"),
    [
        (
            "https://www.koreaherald.com/list.php?ct=020100000000&np=3",
            "https://www.koreaherald.com/list.php?ct=020100000000&np=4",
        ),
        ("https://www.koreaherald.com/National", "https://www.koreaherald.com/National?page=2"),
        (
            "https://www.koreaherald.com/National?page=7",
            "https://www.koreaherald.com/National?page=8",
        ),
        # §3: reporter archives page by `np` as the legacy lists do.
        (
            "https://www.koreaherald.com/search/list_reporter.php?byline=A",
            "https://www.koreaherald.com/search/list_reporter.php?byline=A&np=2",
        ),
        ("https://www.koreaherald.com/search/detail?q=A&stype=NEWS", None),
    ],
)
def test_the_page_after_a_failed_list_page(url, after):
    assert list_page_after(url) == after


# -- exit statuses -------------------------------------------------------------------------------

FETCHED = {"downloader/response_count": 100, "downloader/request_count": 100}


@pytest.mark.parametrize(
    ("stats", "code"),
    [
        ({}, EXIT_OK),
        ({"herald/pending/not_archived": 3}, EXIT_INCOMPLETE),
        ({"herald/pending/failed_lists": 1}, EXIT_INCOMPLETE),
        ({"herald/backfill/window_incomplete": 1}, EXIT_INCOMPLETE),
        ({"herald/archive/unwritable": "No space left on device"}, EXIT_UNWRITABLE),
        ({"herald/blocked/www.koreaherald.com": 12}, EXIT_UNREACHABLE),
        ({"herald/errors/http_500": 50}, EXIT_DRIFT),
        ({"herald/signal": 15, "herald/pending/not_archived": 3}, 143),
        ({"herald/signal": 2}, 130),
    ],
)
def test_exit_status(stats, code):
    outcome = judge({**FETCHED, **stats})
    assert outcome.code == code, outcome.message
    if code == EXIT_INCOMPLETE and stats.get("herald/pending/not_archived"):
        assert "3 not archived (heraldcrawl archive pending)" in outcome.message


# -- the spider files what it cannot archive -----------------------------------------------------


def _spider_with_store(tmp_path, **settings):
    from scrapy.utils.test import get_crawler

    from heraldcrawl.pipelines import store_for
    from heraldcrawl.spiders.herald import HeraldSpider

    crawler = get_crawler(
        HeraldSpider,
        {"HERALD_ARCHIVE_DIR": str(tmp_path), "HERALD_EXTRACT_WORKERS": 0, **settings},
    )
    spider = HeraldSpider.from_crawler(crawler, mode="urls", urls=ARTICLE_URL)
    crawler.spider = spider
    return spider, store_for(crawler)


ARTICLE_URL = "https://www.koreaherald.com/article/10000001"


def _run(coro):
    import asyncio

    return asyncio.run(coro)


def _article_response(spider, body: bytes, tries: int):
    request = spider._article_request(ARTICLE_URL, check_archive=False)
    request.meta["herald_fault_tries"] = tries
    return HtmlResponse(
        ARTICLE_URL, body=body, request=request, headers={"Content-Type": "text/html"}
    )


def test_a_page_that_stays_no_article_is_filed_as_not_article(tmp_path):
    spider, store = _spider_with_store(tmp_path, HERALD_FAULT_RETRIES=0)
    response = _article_response(spider, b"<html><body><p>Hello</p></body></html>", tries=0)
    assert _run(spider.parse_article(response)) == []
    store.close()
    state = State(tmp_path)
    (row,) = state.pending(None)
    state.close()
    assert (row["reason"], row["url"]) == ("not_article", ARTICLE_URL)


def test_an_extraction_bug_costs_one_page_and_is_filed(tmp_path, monkeypatch):
    spider, store = _spider_with_store(tmp_path)

    async def broken(*args):
        raise ValueError("Invalid IPv6 URL")

    monkeypatch.setattr(spider._extractor(), "extract", broken)
    response = _article_response(spider, PAGE, tries=0)
    assert _run(spider.parse_article(response)) == []
    assert spider.crawler.stats.get_value("herald/errors/extraction") == 1
    store.close()
    assert spider.crawler.stats.get_value("herald/pending/not_archived") == 1
    state = State(tmp_path)
    (row,) = state.pending(None)
    state.close()
    assert row["reason"] == "extraction_error" and "Invalid IPv6 URL" in row["detail"]


def test_an_article_asked_for_and_never_answered_is_filed_at_close(tmp_path):
    spider, store = _spider_with_store(tmp_path)
    spider._article_request(ARTICLE_URL, check_archive=False)
    store.close()
    state = State(tmp_path)
    (row,) = state.pending(None)
    state.close()
    assert row["reason"] == "not_fetched"
    assert judge(spider.crawler.stats.get_stats()).code == EXIT_INCOMPLETE


def test_a_bad_setting_that_breaks_a_component_exits_2_with_its_name(tmp_path):
    from tests.conftest import run_crawl

    done = run_crawl(
        "-s", "HERALD_BASE_URL=http://127.0.0.1:9", "-s", f"HERALD_ARCHIVE_DIR={tmp_path}",
        "-s", "HERALD_DRIFT_THRESHOLD=5", timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert "HERALD_DRIFT_THRESHOLD" in done.stderr


@pytest.mark.parametrize(
    ("stats", "code"),
    [
        ({"herald/unreachable/biz.heraldcorp.com": "Connection refused"}, EXIT_INCOMPLETE),
        ({"herald/unreachable/biz.heraldcorp.com": 2}, EXIT_OK),  # timeouts: in the ledger
        ({"herald/stopped/max_runtime": 60}, EXIT_INCOMPLETE),
        ({"herald/pending/unrecorded": 1}, EXIT_INCOMPLETE),
        ({"finish_reason": "start_error"}, 2),
    ],
)
def test_exit_status_of_runs_that_did_not_cover_everything(stats, code):
    outcome = judge({**FETCHED, **stats})
    assert outcome.code == code, outcome.message


def test_an_interrupted_run_costs_no_attempt_and_keeps_the_reason(tmp_path):
    state = State(tmp_path)
    _fail(state, "koreaherald:article:1", "run1", reason="soft_error")
    key, url = "koreaherald:article:1", "https://x/koreaherald:article:1"
    attempts = state.fail(key, "article", url, "interrupted", None, "run2", NOW, 3, tried=False)
    assert attempts == 1
    (row,) = state.pending(None)
    assert (row["reason"], row["attempts"], row["run"]) == ("soft_error", 1, "run2")
    state.close()
