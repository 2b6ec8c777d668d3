"""Downloader middlewares of the project that are not covered end to end."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from heraldcrawl.middlewares import QuickMetaRefreshMiddleware

URL = "https://www.koreaherald.com/view.php?ud=20190821000555"


def middleware() -> QuickMetaRefreshMiddleware:
    return QuickMetaRefreshMiddleware.from_crawler(get_crawler())


def test_a_meta_refresh_still_redirects():
    body = b'<html><head><meta http-equiv="Refresh" content="0; url=/article/10000005"></head>'
    out = middleware().process_response(Request(URL), HtmlResponse(URL, body=body))
    assert isinstance(out, Request)
    assert out.url == "https://www.koreaherald.com/article/10000005"


def test_a_page_without_refresh_is_not_decoded():
    # No declared charset: the stock middleware would run charset detection on it.
    body = "<html><head><title>기사</title></head><body>본문</body></html>".encode("cp949")
    response = HtmlResponse(URL, body=body)
    assert middleware().process_response(Request(URL), response) is response
    assert response._cached_ubody is None


def test_the_replica_copy_keeps_the_declared_charset_and_detects_none():
    from heraldcrawl.middlewares import with_url

    body = "<html><head><title>기사</title></head><body>본문</body></html>".encode("cp949")
    replica = HtmlResponse("http://127.0.0.1:8765/view.php?ud=20190821000555", body=body)
    copy = with_url(replica, URL)
    assert copy.url == URL and copy.body == body and type(copy) is HtmlResponse
    assert copy._encoding is None
    assert replica._cached_benc is None  # no charset detection ran (replace() would run one)
    declared = HtmlResponse(replica.url, body=body, encoding="cp949", status=203)
    copy = with_url(declared, URL)
    assert (copy.encoding, copy.status, copy.text) == ("cp949", 203, declared.text)
