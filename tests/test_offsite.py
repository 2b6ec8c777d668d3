"""The crawl stays on the two sites, redirects included."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.test import get_crawler

from heraldcrawl.middlewares import OffsiteMiddleware, private_address
from tests.test_backoff import HB, HTML, KH, crawl, page, site_server


def offsite(base_url: str = ""):
    crawler = get_crawler(settings_dict={"HERALD_BASE_URL": base_url})
    return OffsiteMiddleware.from_crawler(crawler), crawler.stats


@pytest.mark.parametrize("base_url", ["", "http://127.0.0.1:8765"])
def test_the_sites_hosts_pass_and_robots_txt_too(base_url):
    mw, stats = offsite(base_url)
    for url in (
        f"https://{KH}/article/10000001",
        "http://news.heraldcorp.com/view.php?ud=20190821000555",
        "https://m.koreaherald.com/",
    ):
        assert mw.process_request(Request(url)) is None
    assert mw.process_request(Request(f"https://{HB}/robots.txt", callback=NO_CALLBACK)) is None
    assert stats.get_value("herald/offsite") is None


def test_other_hosts_are_dropped_counted_and_logged_once(caplog):
    mw, stats = offsite()
    with caplog.at_level(logging.INFO, logger="heraldcrawl.middlewares"):
        for path in ("/x", "/y"):
            with pytest.raises(IgnoreRequest):
                mw.process_request(Request(f"http://evil.example.net{path}"))
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request("https://www.koreaherald.com.evil.example.net/"))
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request("https://evil.example.net/robots.txt", callback=NO_CALLBACK))
    assert stats.get_value("herald/offsite") == 4
    assert stats.get_value("herald/offsite/evil.example.net") == 3
    assert stats.get_value("herald/offsite/www.koreaherald.com.evil.example.net") == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "heraldcrawl.middlewares"]
    assert lines == [
        "not fetching http://evil.example.net/x: evil.example.net is a host of neither site",
        "not fetching https://www.koreaherald.com.evil.example.net/: "
        "www.koreaherald.com.evil.example.net is a host of neither site",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/",
        "http://10.0.0.7/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://0.0.0.0/",
        "http://240.0.0.1/",
    ],
)
def test_private_addresses_are_refused_by_name_outside_replica_mode(url):
    mw, stats = offsite()
    with pytest.raises(IgnoreRequest, match="private or reserved"):
        mw.process_request(Request(url))
    assert stats.get_value("herald/offsite") == 1


def test_private_address():
    assert private_address("127.0.0.2") and private_address("fe80::1")
    assert not private_address("8.8.8.8") and not private_address(KH)


def redirecting(port_holder: list[int]):
    def answer(host: str, path: str):
        if host != KH:
            return 404, HTML, b"<html>no such site</html>"
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n"
        targets = {
            "/article/1": "http://evil.example.net/x",
            "/article/2": f"http://127.0.0.2:{port_holder[0]}/stolen",
            # The replica's own address: the replica download handler would fetch it as is.
            "/article/3": f"http://127.0.0.1:{port_holder[0]}/leak",
            "/article/4": "/article/5",  # on the site: followed
        }
        if path in targets:
            return 302, {"Location": targets[path], **HTML}, b""
        return 200, HTML, page(int(path.rsplit("/", 1)[-1]))

    return answer


def test_redirects_off_the_sites_are_not_followed(tmp_path):
    port: list[int] = []
    urls = [f"https://{KH}/article/{n}" for n in range(1, 5)]
    with site_server(redirecting(port)) as server:
        port.append(server.port)
        done, outcome = crawl(server, urls, tmp_path, ROBOTSTXT_OBEY=True)
        paths = sorted(h.path for h in server.hits)
        hosts = {h.host for h in server.hits}
    assert done.returncode == 0, done.stderr[-3000:]
    # Nothing arrived for a redirect target off the sites.
    assert paths == [*(f"/article/{n}" for n in range(1, 6)), "/robots.txt"]
    assert hosts == {KH}
    assert outcome["fetched"] == [f"https://{KH}/article/5"]
    stats = outcome["stats"]
    assert stats["herald/offsite"] == 3
    assert stats["herald/offsite/evil.example.net"] == 1
    assert stats["herald/offsite/127.0.0.2"] == 1
    assert stats["herald/offsite/127.0.0.1"] == 1
    # Dropped before the download handler, which refuses such hosts only in replica mode.
    assert "herald/replica/refused_offsite" not in stats
    assert stats["downloader/request_count"] == len(paths)
    assert stats.get("robotstxt/request_count") == 1
