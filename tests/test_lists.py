"""read_list: the links, dates and next page of list pages, as a pure function of bytes."""

from __future__ import annotations

from heraldcrawl.extract.lists import read_list

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
    <div class="list_area"><ul>
      <li><a href="view.php?ud=20190821000555">One</a></li>
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
    assert found["next"] == f"{KH}/list.php?ct=020000000000&np=2"  # a bad np reads as page 1
    assert found["last"] == 2


def test_a_page_without_a_known_list_has_no_items_and_no_next():
    found = read_list(b"<html><body><p>Maintenance</p></body></html>", f"{KH}/National", None)
    assert found == {"items": [], "next": None, "last": None, "design": False}
