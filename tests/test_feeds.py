"""Feeds: empty, broken and hostile feeds are counted, never fatal, never expanded; failed
requests are counted."""

from __future__ import annotations

import pytest
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from heraldcrawl.record import KST
from heraldcrawl.spiders.herald import HeraldSpider

FEED = "https://www.koreaherald.com/rss/newsAll"


def spider_and_stats():
    crawler = get_crawler(HeraldSpider)
    spider = HeraldSpider.from_crawler(crawler)
    crawler.spider = spider
    return spider, crawler.stats


def feed(body: bytes) -> XmlResponse:
    return XmlResponse(FEED, body=body, headers={"Content-Type": "application/rss+xml"})


def test_items_become_article_requests():
    spider, stats = spider_and_stats()
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        b"<item><link>https://www.koreaherald.com/article/10000001</link></item>"
        b"<item><link>http://m.koreaherald.com/view.php?ud=/view.php?ud=20190821000123</link>"
        b"</item><item><link>https://res.heraldm.com/a.jpg</link></item></channel></rss>"
    )
    urls = [r.url for r in spider.parse_feed(feed(body))]
    assert urls == [
        "https://www.koreaherald.com/article/10000001",
        "https://www.koreaherald.com/view.php?ud=20190821000123",
    ]
    assert stats.get_value("herald/feeds/fetched") == 1


def test_empty_feed_is_counted():
    spider, stats = spider_and_stats()
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Business</title></channel></rss>'
    )
    assert list(spider.parse_feed(feed(body))) == []
    assert stats.get_value("herald/feeds/empty") == 1


def test_garbage_is_counted_as_unparseable():
    spider, stats = spider_and_stats()
    assert list(spider.parse_feed(feed(b"<html><body>Service unavailable</body></html>"))) == []
    assert list(spider.parse_feed(feed(b"\x00\x01 not xml"))) == []
    assert stats.get_value("herald/feeds/unparseable") == 2


def test_entity_expansion_is_not_performed():
    spider, _ = spider_and_stats()
    lol = b"".join(
        b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
        % ((i,) + (i - 1,) * 10)
        for i in range(1, 10)
    )
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">' + lol + b"]>"
        b'<rss version="2.0"><channel><item><link>&l9;</link></item></channel></rss>'
    )
    assert list(spider.parse_feed(feed(body))) == []  # the entity stays unexpanded: no link


def test_a_page_the_site_will_not_serve_is_a_counted_failure():
    from scrapy.http import HtmlResponse, Request
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.python.failure import Failure

    from heraldcrawl.outcome import EXIT_DRIFT, judge

    spider, stats = spider_and_stats()
    for i in range(12):
        request = Request(f"https://www.koreaherald.com/article/1000000{i}")
        response = HtmlResponse(request.url, status=500 if i else 404, request=request)
        failure = Failure(HttpError(response, "Ignoring non-200 response"))
        failure.request = request
        spider.on_error(failure)
    assert stats.get_value("herald/errors/http_500") == 11
    assert stats.get_value("herald/errors/http_404") == 1
    stats.set_value("downloader/request_count", 12)
    assert judge(stats.get_stats()).code == EXIT_DRIFT


@pytest.mark.parametrize(
    "printed",
    [
        "Tue, 01 Dec 2026 10:00:00 +0900",
        "Tue, 01 Dec 2026 10:00:00 +09:00",  # seen in the real feeds (site-notes §8)
        "Tue, 01 Dec 2026 01:00:00 GMT",
    ],
)
def test_feed_dates_with_every_offset_form_of_the_notes_are_read(printed):
    from heraldcrawl.spiders.herald import _feed_time

    when = _feed_time(printed, True)
    assert when is not None and when.utcoffset() is not None
    assert when.isoformat().startswith("2026-12-01T") and when.astimezone(KST).hour == 10
