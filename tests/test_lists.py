"""read_list: the links, dates and next page of list pages, as a pure function of bytes."""

from __future__ import annotations

from heraldcrawl.extract.lists import read_list
from heraldcrawl.urls import canonical_url as canonical

KH = "https://www.koreaherald.com"


def test_a_replica_legacy_list_gives_dated_links_and_the_next_page(site):
    _, headers, body = site.handle("www.koreaherald.com", "/list.php?ct=020000000000&np=1")
    found = read_list(body, f"{KH}/list.php?ct=020000000000&np=1", headers["Content-Type"])
    assert len(found["items"]) == 15
    assert all(u.startswith(KH + "/") for u, _ in found["items"])
    assert all(d and d.endswith("+09:00") for _, d in found["items"])  # aware Korea time
    assert found["next"] == f"{KH}/list.php?ct=020000000000&np=2"
    # The pager's "Last" link: the replica's list of all news has this many pages.
    listed = len(site.kh_legacy)
    assert found["last"] == (listed + 14) // 15


def test_base_href_undated_items_and_a_bad_page_number():
    body = b"""<html><head><base href="https://www.koreaherald.com/sub/"></head><body>
    <div class="list"><ul>
      <li><a href="view.php?ud=20190821000555"><div class="list_t1 ellipsis">One</div></a></li>
      <li><a href="/article/10000007">Two</a><span class="date">2024.03.05 10:20</span></li>
      <li><a href=" ">No link</a></li>
    </ul></div>
    <ul class="paging"><a href="?ct=020000000000&np=1">1</a>
      <a href="?ct=020000000000&np=2">2</a></ul>
    </body></html>"""
    found = read_list(body, f"{KH}/list.php?ct=020000000000&np=oops", "text/html")
    assert found["items"] == [
        # No printed date: the legacy id's date stands in.
        [f"{KH}/sub/view.php?ud=20190821000555", "2019-08-21T00:00:00+09:00"],
        [f"{KH}/article/10000007", "2024-03-05T10:20:00+09:00"],
    ]
    assert found["titles"] == ["One", "Two"]
    assert found["source"] == "selector"
    assert found["next"] == f"{KH}/list.php?ct=020000000000&np=2"  # a bad np reads as page 1
    assert found["last"] == 2


def test_a_page_without_a_known_list_has_no_items_and_no_next():
    found = read_list(b"<html><body><p>Maintenance</p></body></html>", f"{KH}/National", None)
    assert found == {
        "items": [],
        "titles": [],
        "source": None,
        "next": None,
        "last": None,
        "design": False,
    }


def test_replica_herald_business_list_gives_relative_links_dated_in_korea_time(site):
    url = "https://biz.heraldcorp.com/list.php?ct=010000000000&np=1"
    _, headers, body = site.handle("biz.heraldcorp.com", "/list.php?ct=010000000000&np=1")
    assert b'<div class="list"><ul>' in body and b"list_area" not in body
    found = read_list(body, url, headers["Content-Type"])
    assert found["source"] == "selector"
    assert len(found["items"]) == 15
    assert all(u.startswith("https://biz.heraldcorp.com/") for u, _ in found["items"])
    assert all(d and d.endswith("+09:00") for _, d in found["items"])
    assert all(found["titles"])
    # Popular-block articles are not listed unless the listing itself holds them.
    assert found["next"] == "https://biz.heraldcorp.com/list.php?ct=010000000000&np=2"


def test_replica_lists_read_the_same_by_the_fallback(site):
    """The fallback, run on the replica's list pages with the recorded list classes renamed,
    finds the same articles in the same order (the chrome blocks are left as printed)."""
    for host, target in (
        ("www.koreaherald.com", "/list.php?ct=020000000000&np=1"),
        ("www.koreaherald.com", "/list.php?ct=020000000000&np=3"),
        ("biz.heraldcorp.com", "/list.php?ct=010000000000&np=2"),
        ("www.koreaherald.com", "/National"),
    ):
        _, headers, body = site.handle(host, target)
        url = f"https://{host}{target}"
        by_selector = read_list(body, url, headers["Content-Type"])
        renamed = (
            body.replace(b"main_sec_li", b"sec_items")
            .replace(b"category_detail_list", b"items_v2")
            .replace(b'class="recent_news"', b'class="news_v3"')
            .replace(b'class="news_list"', b'class="items_v3"')
            .replace(b'<div class="list">', b'<div class="article_list_v4">')
        )
        by_links = read_list(renamed, url, headers["Content-Type"])
        assert by_selector["source"] == "selector", target
        assert by_links["source"] == "fallback", target
        assert [canonical(u) for u, _ in by_links["items"]] == [
            canonical(u) for u, _ in by_selector["items"]
        ], target
        assert [d for _, d in by_links["items"]] == [d for _, d in by_selector["items"]], target
        assert by_links["titles"] == by_selector["titles"], target
