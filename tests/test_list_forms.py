"""One row per list form of the site notes (sections 3 and 8), with HTML written here from the
notes, not printed by the replica, and the expected links, dates and titles as literals."""

from __future__ import annotations

import pytest

from heraldcrawl.extract.lists import read_list
from heraldcrawl.urls import article_id

KH = "https://www.koreaherald.com"
HB = "https://biz.heraldcorp.com"

# The 10-item "Most Popular" block that opens list pages (section 3); its markup is unknown, so
# each form gives it the chrome class it would need to be told apart by the fallback.
POPULAR = (
    '<div class="popular"><h3>Most Popular</h3><ul>'
    + "".join(
        f'<li><a href="/view.php?ud=2019010100{k:04d}">Popular story {k}</a></li>'
        for k in range(1, 11)
    )
    + "</ul></div>"
)
NAV = (
    '<nav><ul><li><a href="/list.php?ct=020100000000">National</a></li>'
    '<li><a href="/view.php?ud=20190101009999">Pinned story</a></li></ul></nav>'
)
FOOTER = '<footer><a href="/view.php?ud=20190101008888">Footer story</a></footer>'


def page(listing: str) -> bytes:
    return f"<html><body>{NAV}{POPULAR}{listing}{FOOTER}</body></html>".encode()


FORMS = {
    # Korea Herald legacy lists, about 2017-2022: div.main_sec ul.main_sec_li > li > a with the
    # title in div.main_l_t1; AP-style dates.
    "kh-main-sec-2019": (
        f"{KH}/list.php?ct=020101000000&np=1",
        '<div class="main_sec"><ul class="main_sec_li">'
        '<li><a href="/view.php?ud=20190625000712&amp;ct=020101000000&amp;np=1&amp;mp=1">'
        '<div class="main_l_img"><img src="/a.jpg"></div>'
        '<div class="main_l_t1">Moon meets Trump at border</div>'
        '<div class="main_l_t2"><span class="date">June 25, 2019</span></div></a></li>'
        '<li><a href="/view.php?ud=20191203000456">'
        '<div class="main_l_t1">Exports fall for 12th month</div>'
        '<div class="main_l_t2"><span class="date">Dec. 3, 2019</span></div></a></li>'
        "</ul></div>",
        "selector",
        [
            (f"{KH}/view.php?ud=20190625000712", "2019-06-25T00:00:00+09:00"),
            (f"{KH}/view.php?ud=20191203000456", "2019-12-03T00:00:00+09:00"),
        ],
        ["Moon meets Trump at border", "Exports fall for 12th month"],
    ),
    # Korea Herald legacy lists, about 2023-2024: ul.category_detail_list > li > a.news_link,
    # strong.ellipsis, p.date. A section label link comes first in one item; not every
    # a.news_link is an article.
    "kh-category-detail-2023": (
        f"{KH}/list.php?ct=020200000000&np=2",
        '<ul class="category_detail_list">'
        '<li><a class="news_link" href="/view.php?ud=20230904000640">'
        '<strong class="ellipsis">Chip exports rebound</strong>'
        '<p class="date">Sept. 4, 2023</p></a></li>'
        '<li><a class="sec" href="/list.php?ct=020201000000">Economy</a>'
        '<a class="news_link" href="/view.php?ud=20230322000111">'
        '<strong class="ellipsis">BOK holds rate</strong><p class="date">March 22, 2023</p>'
        "</a></li>"
        '<li><a class="news_link" href="/view.php?ud=20240228000333">'
        '<strong class="ellipsis">Won weakens</strong><p class="date">Feb 28, 2024</p></a></li>'
        "</ul>",
        "selector",
        [
            (f"{KH}/view.php?ud=20230904000640", "2023-09-04T00:00:00+09:00"),
            (f"{KH}/view.php?ud=20230322000111", "2023-03-22T00:00:00+09:00"),
            (f"{KH}/view.php?ud=20240228000333", "2024-02-28T00:00:00+09:00"),
        ],
        ["Chip exports rebound", "BOK holds rate", "Won weakens"],
    ),
    # Current section pages: article.recent_news ul.news_list li a, after one site-wide
    # "Latest News" card that is not the section's listing.
    "kh-current-section": (
        f"{KH}/Business/Market",
        '<div class="latest_news"><a href="/article/10500001">Latest: markets close</a></div>'
        '<article class="recent_news"><ul class="news_list">'
        '<li><a href="/article/10512345"><p class="news_title">Kospi ends higher</p>'
        '<p class="date">2025.05.02 15:40</p></a></li>'
        '<li><a href="/article/10512300"><p class="news_title">Bond yields ease</p>'
        '<p class="date">2025.05.02 11:05</p></a></li>'
        "</ul></article>",
        "selector",
        [
            (f"{KH}/article/10512345", "2025-05-02T15:40:00+09:00"),
            (f"{KH}/article/10512300", "2025-05-02T11:05:00+09:00"),
        ],
        ["Kospi ends higher", "Bond yields ease"],
    ),
    # Current search results (section 8): .news_list li with a, .news_title, .date.
    "kh-current-search": (
        f"{KH}/search/detail?q=chip&stype=NEWS&page=1",
        '<ul class="news_list"><li><a href="/article/10234567">'
        '<div class="news_img"><img src="/i.jpg"></div>'
        '<p class="news_title">Chip plan unveiled</p><p class="news_text">Seoul said...</p>'
        '<p class="date">2021.10.05 18:42</p></a></li></ul>',
        "selector",
        [(f"{KH}/article/10234567", "2021-10-05T18:42:00+09:00")],
        ["Chip plan unveiled"],
    ),
    # Herald Business lists, 2020: div.list > ul > li > a, relative view.php?ud= links, the
    # title in div.list_t1.ellipsis and the date in div.list_t3.
    "hb-list-2020": (
        f"{HB}/list.php?ct=010000000000&np=1",
        '<div class="list"><ul>'
        '<li><a href="view.php?ud=20200706000587"><div class="list_img"><img src="/t.jpg">'
        '</div><div class="list_t1 ellipsis">코스피, 2150선 회복</div>'
        '<div class="list_t3">2020-07-06 15:04</div></a></li>'
        '<li><a href="view.php?ud=20200706000512">'
        '<div class="list_t1 ellipsis">원/달러 환율 하락</div>'
        '<div class="list_t3">2020-07-06 14:31</div></a></li>'
        "</ul></div>",
        "selector",
        [
            (f"{HB}/view.php?ud=20200706000587", "2020-07-06T15:04:00+09:00"),
            (f"{HB}/view.php?ud=20200706000512", "2020-07-06T14:31:00+09:00"),
        ],
        ["코스피, 2150선 회복", "원/달러 환율 하락"],
    ),
    # A redesign: every class renamed. Only the fallback finds the items: links to articles
    # outside the popular block, navigation and footer, in order, one item an article (the
    # image link and the title link of one story are one item), the section label ignored,
    # the date beside each link, the title the article link's text.
    "renamed-classes": (
        f"{KH}/list.php?ct=020000000000&np=4",
        '<section class="sidebarless stories"><div class="card">'
        '<a href="/view.php?ud=20220110000777"><img src="/x.jpg" alt=""></a>'
        '<a href="/list.php?ct=020103000000">Foreign Affairs</a>'
        '<a href="/view.php?ud=20220110000777&amp;np=4">Envoys meet in Geneva</a>'
        "<span>Jan. 10, 2022</span></div>"
        '<div class="card"><a href="/list.php?ct=020201000000">Economy</a>'
        '<a href="/view.php?ud=20220109000123">Inflation hits 3%</a>'
        "<em>Jan. 9, 2022</em></div>"
        '<div class="card"><a href="/view.php?ud=20220108000050">Undated story</a></div>'
        '<div class="ranking"><a href="/view.php?ud=20220101000001">Ranked story</a></div>'
        "</section>",
        "fallback",
        [
            (f"{KH}/view.php?ud=20220110000777", "2022-01-10T00:00:00+09:00"),
            (f"{KH}/view.php?ud=20220109000123", "2022-01-09T00:00:00+09:00"),
            # No date printed: the legacy id's date stands in.
            (f"{KH}/view.php?ud=20220108000050", "2022-01-08T00:00:00+09:00"),
        ],
        ["Envoys meet in Geneva", "Inflation hits 3%", "Undated story"],
    ),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_list_form(form):
    url, listing, source, expected, titles = FORMS[form]
    found = read_list(page(listing), url, "text/html; charset=utf-8")
    assert found["source"] == source
    articles = [
        (u.split("&", 1)[0], d)
        for u, d in found["items"]
        if article_id(u) is not None  # the spider drops and counts the rest
    ]
    assert articles == expected
    listed = [t for (u, _), t in zip(found["items"], found["titles"], strict=True) if article_id(u)]
    assert listed == titles
    assert found["design"] is True


def test_an_empty_recorded_list_is_a_list_end_not_a_fallback():
    found = read_list(page('<ul class="category_detail_list"></ul>'), f"{KH}/list.php?np=99")
    assert found["items"] == [] and found["source"] is None and found["design"] is True


def test_chrome_classes_are_whole_tokens():
    # "latest_stories" holds the token-like substring "latest" but is no chrome block.
    listing = (
        '<div class="latest_stories"><a href="/view.php?ud=20220110000777">Kept</a></div>'
        '<div class="box latest"><a href="/view.php?ud=20220110000778">Dropped</a></div>'
    )
    found = read_list(page(listing), f"{KH}/list.php?ct=020000000000&np=1")
    assert [u for u, _ in found["items"]] == [f"{KH}/view.php?ud=20220110000777"]
    assert found["titles"] == ["Kept"]
