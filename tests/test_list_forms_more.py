"""More list forms of the site notes (sections 3 and 8), one row a form, with pages written
here: non-article links in a list design, the next page of a series list, the "Latest News"
card of current section pages and a "Most Popular" block in the list's own markup."""

from __future__ import annotations

import pytest

from heraldcrawl.extract.lists import legacy_page_url, list_page_after, read_list

KH = "https://www.koreaherald.com"
HB = "https://biz.heraldcorp.com"


def page(body: str) -> bytes:
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


def main_sec(uds: list[str], date: str = "June 25, 2019", word: str = "Own") -> str:
    """Items of the 2017-2022 design, `div.main_l_t1` titles."""
    return "".join(
        f'<li><a href="/view.php?ud={ud}"><div class="main_l_t1">{word} {k}</div>'
        f'<div class="date">{date}</div></a></li>'
        for k, ud in enumerate(uds)
    )


def news_list(ids: list[int], word: str) -> str:
    """Items of the current design, `.news_title` titles and `2025.03.05 10:00` dates."""
    return "".join(
        f'<li><a href="/article/{n}"><p class="news_title">{word} {k}</p>'
        f'<p class="date">2025.03.05 10:0{k}</p></a></li>'
        for k, n in enumerate(ids)
    )


OWN = [f"2019062500{1000 + k}" for k in range(3)]
POPULAR = [f"2020070100{k:04d}" for k in range(10)]
SECTION = [10410000 + k for k in range(3)]
CARD = [10499999]

# name: (url, body, listed URLs, titles, counts of dropped items)
ITEMS = {
    # Section 3: not every `a.news_link` is an article (a series link among the items).
    "category-detail-series-link": (
        f"{KH}/list.php?ct=020201000000&np=1",
        '<ul class="category_detail_list">'
        '<li><a class="news_link" href="/view.php?ud=20230904002000">'
        '<strong class="ellipsis">Chips rebound</strong><p class="date">Sept. 4, 2023</p></a></li>'
        '<li><a class="news_link" href="/list.php?ctv=21">'
        '<strong class="ellipsis">Herald Interview series</strong></a></li>'
        '<li><a class="news_link" href="/view.php?ud=20230322000111">'
        '<strong class="ellipsis">BOK holds rate</strong><p class="date">March 22, 2023</p>'
        "</a></li></ul>",
        [f"{KH}/view.php?ud=20230904002000", f"{KH}/view.php?ud=20230322000111"],
        ["Chips rebound", "BOK holds rate"],
        {"not_article": 1},
    ),
    # An item of the 2017-2022 design that links to a section and one to another site.
    "main-sec-section-and-offsite-links": (
        f"{KH}/list.php?ct=020101000000&np=2",
        '<div class="main_sec"><ul class="main_sec_li">'
        + main_sec(OWN[:1])
        + '<li><a href="/list.php?ct=020104000000"><div class="main_l_t1">North Korea</div></a>'
        '</li><li><a href="https://www.youtube.com/watch?v=abc">'
        '<div class="main_l_t1">Video</div></a></li>' + "</ul></div>",
        [f"{KH}/view.php?ud={OWN[0]}"],
        ["Own 0"],
        {"not_article": 2},
    ),
    # Section 3: the site-wide "Latest News" card in the same `ul.news_list` markup as the
    # section's `article.recent_news` listing.
    "current-section-latest-card": (
        f"{KH}/National",
        '<section class="latest_news"><h2>Latest News</h2><ul class="news_list">'
        + news_list(CARD, "Site-wide")
        + '</ul></section><article class="recent_news"><ul class="news_list">'
        + news_list(SECTION, "National")
        + "</ul></article>",
        [f"{KH}/article/{n}" for n in SECTION],
        ["National 0", "National 1", "National 2"],
        {"other_blocks": 1},
    ),
    # The same card in a block of neutral class.
    "current-section-latest-card-neutral-class": (
        f"{KH}/Business/Market",
        '<div class="section_top"><h2>Latest News</h2><ul class="news_list">'
        + news_list(CARD, "Site-wide")
        + '</ul></div><article class="recent_news"><ul class="news_list">'
        + news_list(SECTION, "Market")
        + "</ul></article>",
        [f"{KH}/article/{n}" for n in SECTION],
        ["Market 0", "Market 1", "Market 2"],
        {"other_blocks": 1},
    ),
    # No `article.recent_news`: the card is told by its heading, in a heading box with a
    # "more" link, beside the section's own listing.
    "current-section-latest-card-by-heading": (
        f"{KH}/LifenCulture/Travel",
        '<div class="box"><div class="tit"><h3>Latest news</h3><a href="/latest">More</a></div>'
        '<ul class="news_list">'
        + news_list(CARD, "Site-wide")
        + '</ul></div><div class="sec"><h2>Travel</h2><ul class="news_list">'
        + news_list(SECTION, "Travel")
        + "</ul></div>",
        [f"{KH}/article/{n}" for n in SECTION],
        ["Travel 0", "Travel 1", "Travel 2"],
        {"other_blocks": 1},
    ),
    # Section 8: search results use `.news_list li` themselves; a query of the words of a
    # chrome heading does not make them chrome.
    "current-search-results": (
        f"{KH}/search/detail?q=latest+news&stype=NEWS&page=1",
        '<div class="search_result"><h2>Latest news</h2><p>3 results</p><ul class="news_list">'
        + news_list(SECTION, "Result")
        + '</ul></div><div class="paging"><a href="/search/detail?q=latest+news&amp;stype=NEWS'
        '&amp;page=2">2</a></div>',
        [f"{KH}/article/{n}" for n in SECTION],
        ["Result 0", "Result 1", "Result 2"],
        {},
    ),
    # The all-news list lists the latest news: a "Latest News" heading over the only listing
    # is the listing's own; the "Most Popular" block in the same markup is not.
    "all-news-list-headed-latest": (
        f"{KH}/list.php?ct=020000000000&np=1",
        '<div class="box"><h3>Most Popular</h3><ul class="main_sec_li">'
        + main_sec(POPULAR, word="Pop")
        + '</ul></div><h2 class="sec_tit">Latest News</h2><div class="main_sec">'
        '<ul class="main_sec_li">' + main_sec(OWN) + "</ul></div>",
        [f"{KH}/view.php?ud={ud}" for ud in OWN],
        ["Own 0", "Own 1", "Own 2"],
        {"other_blocks": 10},
    ),
    # Section 3: the 10-item "Most Popular" block in the list's own 2017-2022 markup.
    "main-sec-popular-same-markup": (
        f"{KH}/list.php?ct=020101000000&np=1",
        '<div class="box"><h3>Most Popular</h3><ul class="main_sec_li">'
        + main_sec(POPULAR, word="Pop")
        + '</ul></div><div class="main_sec"><ul class="main_sec_li">'
        + main_sec(OWN)
        + "</ul></div>",
        [f"{KH}/view.php?ud={ud}" for ud in OWN],
        ["Own 0", "Own 1", "Own 2"],
        {"other_blocks": 10},
    ),
    # The same in the 2023-2024 markup, headed inside a title box with a "more" link.
    "category-detail-popular-same-markup": (
        f"{KH}/list.php?ct=020200000000&np=1",
        '<div class="pop"><div class="tit"><h3>Most Popular</h3>'
        '<a class="more" href="/popular.php">More</a></div><ul class="category_detail_list">'
        + "".join(
            f'<li><a class="news_link" href="/view.php?ud={ud}">'
            f'<strong class="ellipsis">Pop {k}</strong></a></li>'
            for k, ud in enumerate(POPULAR)
        )
        + '</ul></div><ul class="category_detail_list"><li><a class="news_link" '
        'href="/view.php?ud=20230904002000"><strong class="ellipsis">Chips rebound</strong>'
        '<p class="date">Sept. 4, 2023</p></a></li></ul>',
        [f"{KH}/view.php?ud=20230904002000"],
        ["Chips rebound"],
        {"other_blocks": 10},
    ),
    # Herald Business 2020 design, with a "많이 본 뉴스" block in the same markup.
    "hb-list-popular-same-markup": (
        f"{HB}/list.php?ct=010000000000&np=1",
        '<div class="side"><h3>많이 본 뉴스</h3><div class="list"><ul>'
        '<li><a href="view.php?ud=20200705000100"><div class="list_t1">인기 기사</div></a></li>'
        '</ul></div></div><div class="list"><ul><li><a href="view.php?ud=20200706000587">'
        '<div class="list_t1 ellipsis">코스피, 2150선 회복</div>'
        '<div class="list_t3">2020-07-06 15:04</div></a></li></ul></div>',
        [f"{HB}/view.php?ud=20200706000587"],
        ["코스피, 2150선 회복"],
        {"other_blocks": 1},
    ),
    # Past a list's end: the popular block is all the design finds, and it is not taken for
    # the listing (an empty page ends the walk).
    "past-the-end-popular-only": (
        f"{KH}/list.php?ct=020101000000&np=999",
        '<div class="box"><h3>Most Popular</h3><ul class="main_sec_li">'
        + main_sec(POPULAR, word="Pop")
        + '</ul></div><div class="main_sec"><ul class="main_sec_li"></ul></div>',
        [],
        [],
        {"other_blocks": 10},
    ),
}


@pytest.mark.parametrize("form", sorted(ITEMS))
def test_list_form_items(form: str) -> None:
    url, body, listed, titles, counts = ITEMS[form]
    found = read_list(page(body), url, "text/html; charset=utf-8")
    assert [u for u, _ in found["items"]] == listed
    assert found["titles"] == titles
    assert {k: found.get(k) for k in ("not_article", "other_blocks") if k in found} == counts
    assert found["design"] is True


def legacy_pager(query: str, last: int) -> str:
    links = "".join(
        f'<li><a href="/list.php?{query}&amp;np={n}&amp;mp=1">{n}</a></li>' for n in range(1, 6)
    )
    last_link = f'<li><a href="/list.php?{query}&amp;np={last}&amp;mp={(last + 9) // 10}">Last'
    return f'<ul class="paging">{links}{last_link}</a></li></ul>'


# name: (list page URL, its pager's query, the pager's last page, the next page read_list
# gives, the page list_page_after gives)
NEXT = {
    "series-weekender": (
        f"{KH}/list.php?ctv=12&np=3&mp=1",
        "ctv=12",
        40,
        f"{KH}/list.php?ctv=12&np=4",
        f"{KH}/list.php?ctv=12&np=4",
    ),
    "series-first-page-without-np": (
        f"{KH}/list.php?ctv=21",
        "ctv=21",
        9,
        f"{KH}/list.php?ctv=21&np=2",
        f"{KH}/list.php?ctv=21&np=2",
    ),
    "series-last-page": (
        f"{KH}/list.php?ctv=25&np=9",
        "ctv=25",
        9,
        None,
        f"{KH}/list.php?ctv=25&np=10",
    ),
    "section-list": (
        f"{KH}/list.php?ct=020101000000&np=10&mp=1",
        "ct=020101000000",
        472,
        f"{KH}/list.php?ct=020101000000&np=11",
        f"{KH}/list.php?ct=020101000000&np=11",
    ),
    "section-list-np-first": (
        f"{HB}/list.php?np=2&ct=010000000000",
        "ct=010000000000",
        50,
        f"{HB}/list.php?ct=010000000000&np=3",
        f"{HB}/list.php?ct=010000000000&np=3",
    ),
}


@pytest.mark.parametrize("form", sorted(NEXT))
def test_next_legacy_page_keeps_the_list(form: str) -> None:
    url, query, last, want_next, want_after = NEXT[form]
    body = (
        '<div class="main_sec"><ul class="main_sec_li">'
        + main_sec(OWN)
        + "</ul></div>"
        + legacy_pager(query, last)
    )
    found = read_list(page(body), url)
    assert found["next"] == want_next
    assert found["last"] == last
    assert list_page_after(url) == want_after


def test_a_seek_target_keeps_the_series():
    assert legacy_page_url(f"{KH}/list.php?ctv=2&np=9&mp=1", 20) == f"{KH}/list.php?ctv=2&np=20"
