"""Downloader middlewares of the project that are not covered end to end."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.test import get_crawler

from heraldcrawl.later import RetryLater
from heraldcrawl.middlewares import (
    BadAnswer,
    BlockedHostMiddleware,
    QuickMetaRefreshMiddleware,
    RetryAfterMiddleware,
    is_challenge,
)

URL = "https://www.koreaherald.com/view.php?ud=20190821000555"
KH = "www.koreaherald.com"


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


# -- Later -----------------------------------------------------------------------------------


class FakeLater:
    """Stands in for `Later`: notes what is scheduled."""

    def __init__(self) -> None:
        self.scheduled: list[tuple[Request, float, str | None]] = []
        self.hurried: list[str] = []

    def schedule(self, request: Request, delay: float, key: str | None = None) -> None:
        self.scheduled.append((request, delay, key))

    def hurry(self, key: str) -> int:
        self.hurried.append(key)
        return 0


class FakeSlot:
    def __init__(self, delay: float = 0.5) -> None:
        self.delay = delay
        self.queue: list = []


class FakeEngine:
    """An engine with a downloader of fixed slots, that notes what it is asked to crawl."""

    def __init__(self) -> None:
        self.crawled: list[Request] = []
        self.spider = object()
        self._slot = SimpleNamespace(closing=False)
        self.downloader = SimpleNamespace(slots={}, get_slot_key=lambda r: urlsplit(r.url).hostname)

    def crawl(self, request: Request) -> None:
        self.crawled.append(request)


def crawler_with(settings: dict | None = None, later: FakeLater | None = None):
    crawler = get_crawler(settings_dict=settings or {})
    crawler.engine = FakeEngine()
    if later is not None:
        crawler.herald_later = later
    return crawler


def test_later_sends_a_copy_after_the_delay_and_keeps_the_spider_open_meanwhile():
    from heraldcrawl.later import Later

    crawler = crawler_with()
    later = Later.of(crawler)
    assert Later.of(crawler) is later

    async def run():
        later.schedule(Request(URL, meta={"n": 1}), 0.05)
        assert later.waiting == 1
        with pytest.raises(DontCloseSpider):
            later._spider_idle()
        await asyncio.sleep(0.2)

    asyncio.run(run())
    assert later.waiting == 0
    later._spider_idle()  # nothing waits: the spider may close
    (sent,) = crawler.engine.crawled
    assert sent.url == URL and sent.dont_filter and sent.meta["n"] == 1
    assert crawler.stats.get_value("herald/later/sent") == 1


def test_later_hurries_one_key_and_reports_what_the_close_leaves_waiting(caplog):
    from heraldcrawl.later import Later

    crawler = crawler_with()
    later = Later.of(crawler)
    other = "https://biz.heraldcorp.com/article/10000001"

    async def run():
        later.schedule(Request(URL), 60, key="kh")
        later.schedule(Request(other), 60, key="hb")
        assert later.hurry("kh") == 1
        later._spider_closed()
        later.schedule(Request(URL + "1"), 1)  # after the close: dropped at once

    asyncio.run(run())
    assert [r.url for r in crawler.engine.crawled] == [URL]
    assert later.dropped == [other, URL + "1"]
    assert crawler.stats.get_value("herald/later/dropped") == 2
    assert later.waiting == 0
    assert "not sent" in caplog.text


# -- RetryAfterMiddleware --------------------------------------------------------------------


def retry_after(later: FakeLater, **settings):
    crawler = crawler_with(settings, later)
    return RetryAfterMiddleware(crawler), crawler


def refusal(url: str = URL, status: int = 429, retry_after: str | None = "30") -> HtmlResponse:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return HtmlResponse(url, status=status, headers=headers, body=b"<html>slow down</html>")


def test_a_refused_request_is_put_off_for_the_wait_and_the_host_held():
    later = FakeLater()
    mw, crawler = retry_after(later)
    slot = crawler.engine.downloader.slots[KH] = FakeSlot(0.5)
    request = Request(URL)
    with pytest.raises(RetryLater):
        mw.process_response(request, refusal())
    ((retry, delay, key),) = later.scheduled
    assert retry is request and retry.meta["herald_backoff_tries"] == 1
    assert 29 < delay <= 30 and key == f"backoff:{KH}"
    assert slot.delay == 10.0  # raised to the wait, at most 10 s
    # The next request for the host waits for the hold, one slot delay behind the first.
    with pytest.raises(RetryLater):
        mw.process_request(Request(URL + "2"))
    assert 39 < later.scheduled[1][1] <= 40
    # The other site is not held.
    assert mw.process_request(Request("https://biz.heraldcorp.com/article/10000001")) is None
    stats = crawler.stats
    assert stats.get_value(f"herald/backoff/{KH}") == 1
    assert stats.get_value("herald/backoff/delayed") == 1
    assert stats.get_value("herald/backoff/max_wait_seconds") == 30


def test_a_request_refused_too_often_goes_on_as_its_answer():
    later = FakeLater()
    mw, crawler = retry_after(later, HERALD_BACKOFF_RETRIES=2)
    request = Request(URL, meta={"herald_backoff_tries": 2})
    response = refusal(retry_after=None)
    assert mw.process_response(request, response) is response
    assert later.scheduled == []
    assert crawler.stats.get_value("herald/backoff/gave_up") == 1
    # Without Retry-After the wait doubled from HERALD_BACKOFF_DEFAULT with each try.
    assert crawler.stats.get_value("herald/backoff/max_wait_seconds") == 60


def test_robots_txt_is_never_put_off():
    later = FakeLater()
    mw, _ = retry_after(later)
    robots = Request(f"https://{KH}/robots.txt", callback=NO_CALLBACK)
    response = refusal(robots.url)
    assert mw.process_response(robots, response) is response  # read as no rules
    assert mw.process_request(robots) is None  # the host is held, but it is not delayed
    with pytest.raises(RetryLater):
        mw.process_request(Request(URL))
    assert len(later.scheduled) == 1


def test_after_the_hold_a_good_answer_restores_the_delay_and_sends_the_waiting_requests():
    later = FakeLater()
    mw, crawler = retry_after(later)
    slot = crawler.engine.downloader.slots[KH] = FakeSlot(0.5)
    with pytest.raises(RetryLater):
        mw.process_response(Request(URL), refusal(retry_after="1"))
    assert slot.delay == 1.0
    mw.hold_until[KH] = 0.0  # the hold is over
    # One request is already waiting in the host's slot: the next waits outside.
    slot.queue.append(object())
    with pytest.raises(RetryLater):
        mw.process_request(Request(URL + "2"))
    slot.queue.clear()
    assert mw.process_request(Request(URL + "3")) is None
    ok = HtmlResponse(URL + "3", body=b"<html></html>")
    assert mw.process_response(Request(URL + "3"), ok) is ok
    assert slot.delay == 0.5
    assert later.hurried == [f"backoff:{KH}"]
    assert mw.process_request(Request(URL + "4")) is None


# -- challenges and blocked hosts ------------------------------------------------------------


def answer(status: int = 200, body: bytes = b"<html></html>", url: str = URL, **headers):
    return HtmlResponse(url, status=status, body=body, headers=headers)


ARTICLE_HEAD = (
    b"<html><head><title>Just a moment of silence for the victims - The Korea Herald</title>"
    b'<script src="https://www.google.com/recaptcha/api.js"></script></head><body>'
)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (answer(403), True),
        (answer(503, Server="cloudflare"), True),
        (answer(200, **{"cf-mitigated": "challenge"}), True),
        (answer(429, b"<html><body>Please complete the CAPTCHA</body></html>"), True),
        (answer(503, b"<title>Just a moment...</title>"), True),
        (answer(200, b"<html><head><title>Just a moment...</title></head>"), True),
        (answer(200, b'<script src="/cdn-cgi/challenge-platform/h/b/orchestrate"></script>'), True),
        (answer(200, ARTICLE_HEAD), False),  # an article may say such words near its top
        (answer(503, b"<html>Service Unavailable</html>"), False),
        (answer(429, Server="cloudflare"), False),
        (answer(404, b"<title>Just a moment...</title>"), False),
        (answer(200, b"x" * 5000 + b"<title>Just a moment...</title>"), False),  # past 4 KB
    ],
)
def test_is_challenge(response, expected):
    assert is_challenge(response) is expected


def test_the_replica_challenges_are_recognised_by_their_bodies_alone():
    from heraldcrawl.replica.server import CHALLENGE

    for status, page in CHALLENGE.items():
        body = page.format(host=KH, ray="0123456789abcdef").encode()
        assert is_challenge(answer(status, body))


def blocked_mw(later: FakeLater, **settings):
    crawler = crawler_with(settings, later)
    return BlockedHostMiddleware(crawler), crawler


def test_a_challenge_is_asked_for_again_with_back_off_then_fails_as_a_bad_answer():
    later = FakeLater()
    mw, crawler = blocked_mw(later, HERALD_BLOCKED_MIN=100)
    request = Request(URL)
    delays = []
    for _ in range(3):
        with pytest.raises(RetryLater):
            mw.process_response(request, answer(403))
        retry, delay, _key = later.scheduled[-1]
        delays.append(delay)
        request = retry.replace()  # what Later sends again
        mw.answers[KH] -= 1  # keep the streak rule out of it: one request's story
        mw.streak[KH] = 0
    assert delays == [2.0, 4.0, 8.0]
    with pytest.raises(BadAnswer) as failed:
        mw.process_response(request, answer(403))
    assert failed.value.kind == "challenge" and failed.value.url == URL
    assert URL in str(failed.value) and "challenge" in str(failed.value)
    stats = crawler.stats
    assert stats.get_value("herald/faults/challenge") == 4
    assert stats.get_value("herald/faults/gave_up/challenge") == 1
    assert not mw.blocked


def test_five_challenges_in_a_row_block_the_host(caplog):
    later = FakeLater()
    mw, crawler = blocked_mw(later)
    ok = answer(200)
    assert mw.process_response(Request(URL + "0"), ok) is ok
    for n in range(4):
        with pytest.raises(RetryLater):
            mw.process_response(Request(f"{URL}{n + 1}"), answer(403))
    with caplog.at_level(logging.ERROR, logger="heraldcrawl.middlewares"):
        with pytest.raises(IgnoreRequest) as dropped:
            mw.process_response(Request(URL + "5"), answer(503, Server="cloudflare"))
        assert not isinstance(dropped.value, RetryLater)
        # Requests sent before the block: a challenge is dropped, a page goes on.
        with pytest.raises(IgnoreRequest):
            mw.process_response(Request(URL + "6"), answer(403))
        assert mw.process_response(Request(URL + "7"), ok) is ok
        for n in range(3):
            with pytest.raises(IgnoreRequest):
                mw.process_request(Request(f"{URL}{n + 8}"))
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        f"host {KH} is blocking the crawler (5 of 6 answers were bot challenges or 403); "
        "no more requests are sent to it"
    ]
    stats = crawler.stats
    assert stats.get_value(f"herald/blocked/{KH}") == 5
    assert stats.get_value(f"herald/blocked_requests/{KH}") == 5
    assert stats.get_value("herald/faults/challenge") == 5
    # The other site is asked as before.
    assert mw.process_request(Request("https://biz.heraldcorp.com/article/10000001")) is None


def test_a_host_whose_answers_are_mostly_challenges_is_blocked_after_the_minimum():
    later = FakeLater()
    mw, crawler = blocked_mw(later, HERALD_BLOCKED_MIN=10, HERALD_BLOCKED_SHARE=0.5)
    # Challenge, page, challenge, ...: never five in a row, but 5 of 9, then 6 of 11.
    outcomes = []
    for n in range(11):
        status = 403 if n % 2 == 0 else 200
        try:
            mw.process_response(Request(f"{URL}{n}"), answer(status))
            outcomes.append("page")
        except RetryLater:
            outcomes.append("later")
        except IgnoreRequest:
            outcomes.append("dropped")
    # 5 of 9 is above half but below the minimum of answers; 5 of 10 is not above half.
    assert outcomes[:10] == ["later", "page"] * 5
    assert outcomes[10] == "dropped"
    assert crawler.stats.get_value(f"herald/blocked/{KH}") == 6


def test_robots_txt_answers_are_not_judged():
    later = FakeLater()
    mw, _ = blocked_mw(later)
    for _ in range(6):
        robots = Request(f"https://{KH}/robots.txt", callback=NO_CALLBACK)
        forbidden = answer(403, url=robots.url)
        assert mw.process_response(robots, forbidden) is forbidden
    assert not mw.blocked and later.scheduled == []


def test_a_challenge_that_says_when_to_come_back_is_not_asked_sooner():
    later = FakeLater()
    mw, _ = blocked_mw(later)
    with pytest.raises(RetryLater):
        mw.process_response(Request(URL), answer(429, b"<p>captcha</p>", **{"Retry-After": "20"}))
    assert later.scheduled[0][1] == 20.0
