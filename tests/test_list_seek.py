"""A backfill finds its window in a long legacy list by probing page numbers, not by walking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from heraldcrawl.spiders.herald import HeraldSpider

LIST = "https://www.koreaherald.com/list.php?ct=020000000000&np={}"
PER_PAGE = 15
NEWEST = date(2020, 1, 1)


def spider_for(since: str, until: str, **settings):
    crawler = get_crawler(HeraldSpider, settings)
    spider = HeraldSpider.from_crawler(crawler, mode="backfill", since=since, until=until)
    crawler.spider = spider
    return spider, crawler.stats


def page(n: int, last: int, undated_at: int | None = None) -> tuple[list, str | None]:
    """Items and next link of page n of a list, newest first, three articles a day."""
    if n > last:
        return [], None
    items = []
    for i in range(PER_PAGE):
        k = (n - 1) * PER_PAGE + i
        day = NEWEST - timedelta(days=k // 3)
        items.append([f"https://www.koreaherald.com/view.php?ud={day:%Y%m%d}{100 + k:06d}", day])
    items = [[u, None if n == undated_at else d.isoformat() + "T00:00:00+09:00"] for u, d in items]
    return items, (LIST.format(n + 1) if n < last else None)


def walk(
    spider,
    last: int,
    past_end: str = "empty",
    fail_at: int | None = None,
    undated_at: int | None = None,
    pager: bool = False,
):
    """Runs the spider's list callbacks over a simulated list, as `parse_list` calls them;
    returns (page numbers fetched, article URLs requested)."""
    fetched, articles = [], []
    items, nxt = page(1, last)
    fetched.append(1)
    shown = last if pager else None  # the pager's "Last" link
    queue = spider._walk(LIST.format(1), items, nxt, 1, LIST.format(1), True, shown)
    for _ in range(1000):
        if not queue:
            break
        request = queue.pop(0)
        if request.callback == spider.parse_article:
            articles.append(request.url)
            continue
        n = int(request.url.rsplit("=", 1)[1])
        fetched.append(n)
        depth = request.meta.get("herald_list_depth", 1)
        seek = request.meta.get("herald_seek")
        if seek is not None and (n == fail_at or (n > last and past_end == "404")):
            status = 404 if n > last else 500
            response = HtmlResponse(request.url, status=status, body=b"", request=request)
            failure = Failure(HttpError(response, "Ignoring non-200 response"))
            failure.request = request
            queue += spider._probe_failed(failure)
            continue
        if n > last and past_end == "first":
            items, nxt = page(1, last)  # some sites answer any page number past the end so
        else:
            items, nxt = page(n, last, undated_at)
        if seek is not None:
            queue += spider._seek_step(request.url, items, nxt, depth, seek, shown)
        else:
            allowed = not request.meta.get("herald_no_seek")
            root = request.meta["herald_list_root"]
            queue += spider._walk(request.url, items, nxt, depth, root, allowed, shown)
    return fetched, articles


def window_urls(last: int, since: date, until: date) -> set[str]:
    urls = set()
    for n in range(1, last + 1):
        for url, listed in page(n, last)[0]:
            if since <= date.fromisoformat(listed[:10]) <= until:
                urls.add(url.replace("http://", "https://"))
    return urls


@pytest.mark.parametrize("past_end", ["empty", "404", "first"])
def test_probes_find_the_window_and_every_article_in_it(past_end):
    spider, stats = spider_for("2017-03-01", "2017-03-31")
    fetched, articles = walk(spider, last=400, past_end=past_end)
    want = window_urls(400, date(2017, 3, 1), date(2017, 3, 31))
    assert want and set(articles) >= want
    # The window sits near page 200: 24 pages or so, against 200 for a walk.
    assert len(fetched) < 40, fetched
    assert stats.get_value("herald/lists/seek_started") == 1
    assert stats.get_value("herald/lists/seek_skipped_pages") > 150
    assert stats.get_value("herald/lists/stopped_past_window") == 1
    assert not any(k.startswith("herald/errors/") for k in stats.get_stats())


def test_the_pager_bounds_the_probes():
    spider, stats = spider_for("2017-03-01", "2017-03-31")
    fetched, articles = walk(spider, last=400, past_end="404", pager=True)
    assert set(articles) >= window_urls(400, date(2017, 3, 1), date(2017, 3, 31))
    assert max(fetched) <= 400
    assert stats.get_value("herald/lists/seek_past_end") is None


def test_a_window_older_than_a_paged_list_stops_at_its_last_page():
    spider, stats = spider_for("1999-01-01", "1999-12-31")
    fetched, articles = walk(spider, last=100, past_end="404", pager=True)
    assert articles == []
    assert max(fetched) == 100 and len(fetched) < 10
    assert stats.get_value("herald/lists/stopped_past_window") == 1


def test_a_window_older_than_the_list_ends_the_walk():
    spider, stats = spider_for("1999-01-01", "1999-12-31")
    fetched, articles = walk(spider, last=100, past_end="404")
    assert articles == []
    assert len(fetched) < 20
    assert stats.get_value("herald/lists/seek_past_end") >= 1


def test_seek_off_walks_every_page():
    spider, stats = spider_for("2017-03-01", "2017-03-31", HERALD_LIST_SEEK=False)
    fetched, articles = walk(spider, last=400)
    assert set(articles) >= window_urls(400, date(2017, 3, 1), date(2017, 3, 31))
    assert fetched[:5] == [1, 2, 3, 4, 5] and len(fetched) > 200
    assert stats.get_value("herald/lists/seek_started") is None


def assert_walked_on_after_trouble_at_256(spider, stats, **trouble) -> None:
    """The seek meets trouble at page 256; every article of the window is still requested."""
    fetched, articles = walk(spider, last=400, **trouble)
    assert set(articles) >= window_urls(400, date(2017, 3, 1), date(2017, 3, 31))
    # 128 was the last page known to be newer than the window: the walk goes on from there,
    # page by page, without probing again.
    after = fetched[fetched.index(256) + 1 :]
    assert after[:3] == [129, 130, 131]
    assert after == sorted(after) and len(after) == len(set(after))
    assert stats.get_value("herald/lists/seek_abandoned") == 1


def test_a_failed_probe_falls_back_to_walking():
    spider, stats = spider_for("2017-03-01", "2017-03-31")
    assert_walked_on_after_trouble_at_256(spider, stats, fail_at=256)
    assert stats.get_value("herald/errors/http_500") == 1


def test_an_undated_item_stops_the_seek_and_the_walk_goes_on():
    spider, stats = spider_for("2017-03-01", "2017-03-31")
    assert_walked_on_after_trouble_at_256(spider, stats, undated_at=256)


def test_only_legacy_lists_are_probed():
    spider, stats = spider_for("2017-03-01", "2017-03-31")
    items, _ = page(1, 400)
    out = spider._walk(
        "https://www.koreaherald.com/National",
        items,
        "https://www.koreaherald.com/National?p=2",
        1,
        "https://www.koreaherald.com/National",
    )
    assert [r.url for r in out] == ["https://www.koreaherald.com/National?p=2"]
    assert stats.get_value("herald/lists/seek_started") is None
    assert isinstance(out[0], Request)
