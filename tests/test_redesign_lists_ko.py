"""Redesigned list pages and Herald Business article pages, written without sight of the readers.

List pages: six designs written by hand here (cards, a Korean `<dl>` portal list, search results
with a thumbnail link and a title link per item, `<article>` items with a "Load more" link, a
section label link before each item, a page with a "Most Popular" block, a "Latest News" card and
a menu holding article links). The page text is this file's own, so every expected value (items in
order, titles, dates, next page) is a literal truth of the page, read with site-notes §2, §3, §8.

Korean article pages: six Herald Business designs written here (portal `#dic_area`,
`itemprop=articleBody`, `<br>` text in a `td`, a reporter card at the end, a photo block and
related-article teasers, EUC-KR declared only in a `<meta>`). The markup is this file's own; the
texts and the expected fields are the replica generator's (`test_replica_texts_...`), so those
tests speak about the markup, not about how the real site words its articles.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from html import escape

import pytest

from heraldcrawl.extract import extract_article
from heraldcrawl.extract.lists import read_list
from heraldcrawl.record import KST
from heraldcrawl.replica.generator import DEFAULT_START, Article, Replica
from heraldcrawl.urls import canonical_url

KH = "https://www.koreaherald.com"
HB = "https://biz.heraldcorp.com"

# ---------------------------------------------------------------------------------------------
# List pages

EN_HEADS = (
    "Seoul unveils support package for chip exporters",
    "Opposition party calls for probe into housing data",
    "Central bank holds rate steady amid weak won",
    "North Korea fires ballistic missile into East Sea",
    "Hyundai to build battery plant in Georgia",
    "Kospi ends higher on foreign buying",
    "Court upholds fine on platform operator",
    "Teachers rally for better protection in classrooms",
    "Busan bids to host world expo again",
    "Government extends fuel tax cut by two months",
    "Samsung posts record quarterly operating profit",
    "Heat wave advisory issued for southern regions",
    "Foreign tourists return to Myeong-dong",
    "Defense ministry to expand reserve training",
    "Film festival opens with Korean premiere",
)
KO_HEADS = (
    "한은, 기준금리 동결 결정",
    "코스피 외국인 매수에 상승 마감",
    "반도체 수출 석 달 연속 증가",
    "서울 아파트값 하락폭 확대",
    "정부, 소상공인 지원책 발표",
    "유가 급등에 물가 부담 커져",
    "국회, 내년 예산안 심사 착수",
    "전기차 보조금 개편안 확정",
    "부산 지역 축제 일정 공개",
    "은행권 대출 금리 인하 움직임",
    "수출 기업 환율 대응 비상",
    "대기업 채용 규모 늘린다",
    "청년 주거 지원 확대 추진",
    "원전 수출 협상 막바지",
    "중소기업 연구개발 투자 증가",
)
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.")
AP_MONTHS += ("Nov.", "Dec.")
ABBR_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")


def ap(dt: datetime) -> str:
    return f"{AP_MONTHS[dt.month - 1]} {dt.day}, {dt.year}"


def abbr(dt: datetime) -> str:
    return f"{ABBR_MONTHS[dt.month - 1]} {dt.day}, {dt.year}"


def stamps(first: datetime, hours: float) -> list[datetime]:
    """Fifteen item times, newest first, `hours` apart."""
    return [first - timedelta(hours=hours * k) for k in range(15)]


def lpage(title: str, body: str, lang: str = "en") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>{body}</body></html>"
    ).encode()


SITE_HEADER = (
    '<header class="top"><a class="logo" href="/">The Korea Herald</a><ul class="gnb">'
    '<li><a href="/National">National</a></li><li><a href="/Business">Business</a></li>'
    '<li><a href="/LifenCulture">Life&amp;Culture</a></li><li><a href="/Sports">Sports</a></li>'
    '<li><a href="/World">World</a></li><li><a href="/Opinion">Opinion</a></li></ul></header>'
)
SITE_FOOTER = (
    '<footer class="bottom"><a href="/company/about">About us</a> <a href="/rss/newsAll">RSS</a>'
    " <p>Copyright Herald Corporation. All Rights Reserved.</p></footer>"
)


def list_current_cards() -> tuple[str, bytes, dict]:
    """A current section page: each item a card, the whole card one link (thumb, heading, dek)."""
    url = f"{KH}/Business/Market"
    times = stamps(datetime(2026, 2, 3, 18, 34, tzinfo=KST), 2.5)
    links, cards = [], []
    for k, (head, t) in enumerate(zip(EN_HEADS, times, strict=True)):
        n = 10_512_400 - k
        href = f"/article/{n}" if k % 3 else f"{KH}/article/{n}"
        links.append(f"{KH}/article/{n}")
        cards.append(
            f'<div class="tile"><a class="tile-link" href="{href}"><figure class="tile-media">'
            f'<img src="https://wimg.heraldcorp.com/news/cms/2026/02/03/{n}.jpg" alt=""></figure>'
            f'<div class="tile-copy"><h3 class="tile-head">{head}</h3><p class="tile-dek">'
            f"Officials said details would follow later this week.</p></div></a>"
            f'<span class="tile-when">{t:%Y.%m.%d %H:%M}</span></div>'
        )
    body = (
        f'{SITE_HEADER}<main><h2 class="sect-name">Market</h2><div class="tile-grid">'
        f'{"".join(cards)}</div><nav class="pgn" aria-label="pages"><span class="on">1</span>'
        + "".join(f'<a href="/Business/Market?page={p}">{p}</a>' for p in range(2, 6))
        + '<a class="pgn-next" href="/Business/Market?page=2" aria-label="Next page">›</a>'
        f"</nav></main>{SITE_FOOTER}"
    )
    truth = {
        "items": links,
        "titles": list(EN_HEADS),
        "dates": [(t, True) for t in times],
        "next": f"{KH}/Business/Market?page=2",
    }
    return url, lpage("Market - The Korea Herald", body), truth


def list_ko_portal_dl() -> tuple[str, bytes, dict]:
    """A Korean portal-like list: one `<dl>` per item, the link in `<dt>`, relative `view.php`."""
    url = f"{HB}/list.php?ct=010104000000&np=1"
    times = stamps(datetime(2020, 7, 6, 15, 4, tzinfo=KST), 1.25)
    links, rows = [], []
    for k, (head, t) in enumerate(zip(KO_HEADS, times, strict=True)):
        ud = f"{t:%Y%m%d}{50 + k:06d}"
        href = f"view.php?ud={ud}&ct=010104000000&np=1" if k % 2 else f"/view.php?ud={ud}"
        links.append(f"{HB}/view.php?ud={ud}")
        rows.append(
            f'<dl class="art_row"><dt><a href="{href}">{head}</a></dt>'
            f'<dd class="art_sum">관계자는 이번 조치가 다음 달부터 시행된다고 밝혔다.</dd>'
            f'<dd class="art_info"><span class="press">헤럴드경제</span> '
            f'<span class="when">{t:%Y-%m-%d %H:%M}</span></dd></dl>'
        )
    pages = "".join(f'<a href="list.php?ct=010104000000&amp;np={p}">{p}</a>' for p in range(2, 11))
    body = (
        '<div id="hd"><a href="/">헤럴드경제</a><a href="/list.php?ct=010100000000">경제</a>'
        '<a href="/list.php?ct=010200000000">산업</a></div><div id="ct"><h3>금융</h3>'
        f'<div class="art_list">{"".join(rows)}</div><div class="pg"><strong>1</strong>{pages}'
        '<a class="pg_next" href="list.php?ct=010104000000&amp;np=2">다음 페이지</a></div></div>'
    )
    truth = {
        "items": links,
        "titles": list(KO_HEADS),
        "dates": [(t, True) for t in times],
        "next": f"{HB}/list.php?ct=010104000000&np=2",
    }
    return url, lpage("금융 - 헤럴드경제", body, "ko"), truth


def list_search_thumbs() -> tuple[str, bytes, dict]:
    """Search results: a thumbnail link and a title link to the same article in each item."""
    url = f"{KH}/search/detail?q=economy&stype=NEWS&page=1"
    times = stamps(datetime(2021, 10, 5, 18, 42, tzinfo=KST), 7)
    links, items = [], []
    for k, (head, t) in enumerate(zip(EN_HEADS, times, strict=True)):
        ud_path = f"/view.php?ud={t:%Y%m%d}{300 + k:06d}"
        path = ud_path if k % 2 else f"/article/{10_480_000 + k}"
        links.append(KH + path)
        thumb = (
            f'<a class="pic" href="{KH}{path}"><img src="https://res.heraldm.com/content/'
            f'image/2021/10/05/{k}.jpg" alt="{head}"></a>'
        )
        items.append(
            f'<li class="hit">{thumb}<div class="hit-txt"><a class="hit-tit" href="{path}">'
            f'{head}</a><p class="hit-sum">The economy ministry said on Tuesday that the'
            f' measures would be reviewed.</p><span class="hit-date">{t:%Y.%m.%d %H:%M}</span>'
            "</div></li>"
        )
    body = (
        f'{SITE_HEADER}<div class="srch"><p class="srch-count">About 1,204 results for'
        f' "economy"</p><ul class="hits">{"".join(items)}</ul><div class="srch-pages">'
        '<span class="cur">1</span><a href="/search/detail?q=economy&amp;stype=NEWS&amp;page=2">2'
        '</a><a href="/search/detail?q=economy&amp;stype=NEWS&amp;page=3">3</a>'
        '<a class="srch-next" href="/search/detail?q=economy&amp;stype=NEWS&amp;page=2">'
        f'<span class="sr-only">Next</span></a></div></div>{SITE_FOOTER}'
    )
    truth = {
        "items": links,
        "titles": list(EN_HEADS),
        "dates": [(t, True) for t in times],
        "next": f"{KH}/search/detail?q=economy&stype=NEWS&page=2",
    }
    return url, lpage("Search - The Korea Herald", body), truth


def list_scroll_articles() -> tuple[str, bytes, dict]:
    """An infinite-scroll page: items in `<article>` tags, protocol-relative links, "Load more"."""
    url = f"{KH}/list.php?ct=020101000000&np=1"
    first = datetime(2023, 9, 4, 0, 0, tzinfo=KST)
    times = [first - timedelta(days=k // 2) for k in range(15)]
    links, items = [], []
    for k, (head, t) in enumerate(zip(EN_HEADS, times, strict=True)):
        ud = f"{t:%Y%m%d}{500 + k:06d}"
        links.append(f"{KH}/view.php?ud={ud}")
        href = f"//www.koreaherald.com/view.php?ud={ud}&amp;np=1&amp;mp=1"
        items.append(
            f'<article class="story"><h2 class="story-h"><a href="{href}">{head}</a></h2>'
            f'<p class="story-dek">Lawmakers are expected to vote next week.</p>'
            f'<footer class="story-meta"><span class="story-by">By Kim Arin</span>'
            f'<span class="story-stamp">{ap(t)}</span></footer></article>'
        )
    body = (
        f'{SITE_HEADER}<main id="stream"><h1>Politics</h1><div class="stream">{"".join(items)}'
        '</div><a class="stream-more" href="/list.php?ct=020101000000&amp;np=2" data-np="2">'
        f"Load more</a></main>{SITE_FOOTER}"
    )
    truth = {
        "items": links,
        "titles": list(EN_HEADS),
        "dates": [(t, False) for t in times],
        "next": f"{KH}/list.php?ct=020101000000&np=2",
    }
    return url, lpage("Politics - The Korea Herald", body), truth


SECTION_LABELS = (
    ("/National/Politics", "Politics"),
    ("/Business/Finance", "Finance"),
    ("/list.php?ct=020104000000", "North Korea"),
    ("/LifenCulture/Travel", "Travel"),
)


def list_section_labels() -> tuple[str, bytes, dict]:
    """Every item starts with a section label link, then the article link and its date."""
    url = f"{KH}/list.php?ct=020000000000&np=3&mp=1"
    days = (
        datetime(2019, 12, 3, tzinfo=KST),
        datetime(2019, 9, 30, tzinfo=KST),
        datetime(2019, 6, 25, tzinfo=KST),
        datetime(2019, 3, 22, tzinfo=KST),
    )
    times = [days[k // 4] - timedelta(days=k % 4) for k in range(15)]
    links, items = [], []
    for k, (head, t) in enumerate(zip(EN_HEADS, times, strict=True)):
        ud = f"{t:%Y%m%d}{700 + k:06d}"
        links.append(f"{KH}/view.php?ud={ud}")
        href = f"{KH}/view.php?ud={ud}" if k % 2 else f"/view.php?np=3&amp;ud={ud}&amp;mp=1"
        sec_href, sec = SECTION_LABELS[k % len(SECTION_LABELS)]
        items.append(
            f'<li><a class="lbl" href="{sec_href}">{sec}</a> <a class="ttl" href="{href}">'
            f'{head}</a> <em class="dt">{ap(t)}</em></li>'
        )
    pager = "".join(
        '<li class="now"><b>3</b></li>'
        if p == 3
        else f'<li><a href="/list.php?ct=020000000000&amp;np={p}&amp;mp=1">{p}</a></li>'
        for p in range(1, 6)
    )
    body = (
        f'{SITE_HEADER}<div class="wrap"><h2>Latest</h2><ul class="flat">{"".join(items)}</ul>'
        f'<ul class="pages">{pager}'
        '<li><a rel="next" href="/list.php?ct=020000000000&amp;np=4&amp;mp=1">Next</a></li>'
        f"</ul></div>{SITE_FOOTER}"
    )
    truth = {
        "items": links,
        "titles": list(EN_HEADS),
        "dates": [(t, False) for t in times],
        "next": f"{KH}/list.php?ct=020000000000&np=4&mp=1",
    }
    return url, lpage("Latest news - The Korea Herald", body), truth


def list_popular_latest_menu() -> tuple[str, bytes, dict]:
    """A section page: a menu with featured article links, a 10-item "Most Popular" block and a
    "Latest News" card before the section's own 15 items (site-notes §3)."""
    url = f"{KH}/National"
    times = [datetime(2024, 2, 28, tzinfo=KST) - timedelta(days=k // 3) for k in range(15)]
    featured = "".join(
        f'<a href="/article/{10_300_000 + k}">Featured: what to know about the {w} vote</a>'
        for k, w in enumerate(("budget", "party", "cabinet"))
    )
    menu = (
        '<nav class="megamenu"><ul><li><a href="/National">National</a><div class="drop">'
        f'{featured}</div></li><li><a href="/Business">Business</a></li></ul></nav>'
    )
    popular = "".join(
        f'<li><span class="rk">{k + 1}</span><a href="/article/{10_200_000 + k}">'
        f"Most read story number {k + 1} of the week</a></li>"
        for k in range(10)
    )
    latest = (
        '<div class="flash"><span class="flash-tag">Latest News</span>'
        '<a href="/article/10600001">Breaking: cabinet reshuffle announced</a></div>'
    )
    links, items = [], []
    for k, (head, t) in enumerate(zip(EN_HEADS, times, strict=True)):
        path = f"/article/{10_500_100 - k}" if k % 2 else f"/view.php?ud={t:%Y%m%d}{900 + k:06d}"
        links.append(KH + path)
        href = path if k % 3 else KH + path
        items.append(
            f'<li class="row"><a href="{href}"><span class="row-t">{head}</span></a>'
            f'<span class="row-d">{abbr(t)}</span></li>'
        )
    body = (
        f'{menu}{SITE_HEADER}{latest}<aside class="hot"><h3>Most Popular</h3><ol>{popular}'
        f'</ol></aside><section class="feed"><h2>National</h2><ul>{"".join(items)}</ul>'
        '<p class="more-pages"><a href="/National?page=2">Next</a></p></section>'
        f"{SITE_FOOTER}"
    )
    truth = {
        "items": links,
        "titles": list(EN_HEADS),
        "dates": [(t, False) for t in times],
        "next": f"{KH}/National?page=2",
    }
    return url, lpage("National - The Korea Herald", body), truth


LIST_DESIGNS = {
    "current_cards": list_current_cards,
    "ko_portal_dl": list_ko_portal_dl,
    "search_thumbs": list_search_thumbs,
    "scroll_articles": list_scroll_articles,
    "section_labels": list_section_labels,
    "popular_latest_menu": list_popular_latest_menu,
}


def _list_rows(result: dict) -> tuple[list[str | None], list[str | None]]:
    """(urls, dates) from a read_list result, whichever way it pairs them."""
    urls: list[str | None] = []
    dates: list[str | None] = []
    for item in result.get("items") or []:
        if isinstance(item, list | tuple):
            urls.append(item[0])
            dates.append(item[1] if len(item) > 1 else None)
        else:
            urls.append(item)
            dates.append(None)
    if result.get("dates") is not None:
        dates = list(result["dates"])
    return urls, dates


def _date_ok(got: object, want: tuple[datetime, bool]) -> bool:
    """A Korea-time value on the printed day, and at the printed minute when a time is printed."""
    moment, has_time = want
    if not isinstance(got, str | datetime):
        return False
    try:
        value = got if isinstance(got, datetime) else datetime.fromisoformat(got)
    except ValueError:
        return False
    if value.tzinfo is None or value.utcoffset() != timedelta(hours=9):
        return False
    if has_time:
        return value == moment
    return value.date() == moment.date()


def score_list(name: str) -> dict[str, tuple[int, int, list[str]]]:
    """Per field: (right, total, failing examples)."""
    url, body, truth = LIST_DESIGNS[name]()
    result = read_list(body, url)
    urls, dates = _list_rows(result)
    got_urls = [canonical_url(u) if u else None for u in urls]
    want_urls = [canonical_url(u) for u in truth["items"]]
    titles = list(result.get("titles") or [])
    out: dict[str, tuple[int, int, list[str]]] = {}

    def field(key: str, pairs: list[tuple[object, object, bool]]) -> None:
        bad = [f"want {w!r} got {g!r}" for g, w, ok in pairs if not ok]
        out[key] = (len(pairs) - len(bad), len(pairs), bad[:3])

    # Items: each listed item found, in the listing's order; then one row for intruders (items
    # of other blocks), so one extra link counts once rather than shifting every position.
    wanted = set(want_urls)
    kept = [u for u in got_urls if u in wanted]
    extra = [u for u in got_urls if u not in wanted]
    rows: list[tuple[object, object, bool]] = []
    for k, want in enumerate(want_urls):
        got = kept[k] if k < len(kept) else None
        rows.append((got, want, got == want))
    rows.append((extra, [], not extra))
    field("items", rows)
    # Titles and dates of each listed item wherever it was found, so that an extra or missing
    # item counts once (under items) and not again under every later title and date.
    at = {u: k for k, u in reversed(list(enumerate(got_urls))) if u}
    title_rows, date_rows = [], []
    for url_k, title_k, date_k in zip(want_urls, truth["titles"], truth["dates"], strict=True):
        k = at.get(url_k)
        got_t = titles[k] if k is not None and k < len(titles) else None
        got_d = dates[k] if k is not None and k < len(dates) else None
        title_rows.append((got_t, title_k, got_t == title_k))
        date_rows.append((got_d, date_k[0].isoformat(), _date_ok(got_d, date_k)))
    field("titles", title_rows)
    field("dates", date_rows)
    nxt = result.get("next")
    field("next", [(nxt, truth["next"], nxt == truth["next"])])
    return out


@pytest.mark.parametrize("name", list(LIST_DESIGNS))
def test_redesigned_list_reads_own_items_titles_dates_next(name: str) -> None:
    scores = score_list(name)
    wrong = {k: v for k, v in scores.items() if v[0] != v[1]}
    assert not wrong, wrong


# ---------------------------------------------------------------------------------------------
# Herald Business article pages (texts from the replica generator)

FETCHED = datetime(2026, 11, 28, 5, 0, tzinfo=KST)


@lru_cache(maxsize=1)
def replica() -> Replica:
    return Replica(3000, start=DEFAULT_START)


@lru_cache(maxsize=1)
def hb_indexes() -> tuple[int, ...]:
    return tuple(a.index for a in replica().skeletons if a.site == "heraldbiz")


def ko_ampm(dt: datetime, hangul_units: bool = False) -> str:
    ampm = "오후" if dt.hour >= 12 else "오전"
    hour = (dt.hour % 12) or 12
    if hangul_units:
        return f"{dt.year}년 {dt.month}월 {dt.day}일 {ampm} {hour}시 {dt.minute}분"
    return f"{dt.year}. {dt.month}. {dt.day}. {ampm} {hour}:{dt:%M}"


def e(text: str) -> str:
    return escape(text, quote=False)


def kpage(title: str, head: str, body: str, charset: str = "utf-8") -> bytes:
    meta = f'<meta charset="{charset}">' if charset == "utf-8" else ""
    return (
        f'<!DOCTYPE html><html lang="ko"><head>{meta}{head}<title>{e(title)} - 헤럴드경제</title>'
        f"</head><body>{body}</body></html>"
    ).encode(charset, errors="strict")


KO_NAV = (
    '<div class="gnb"><a href="/">헤럴드경제</a><a href="/list.php?ct=010100000000">경제</a>'
    '<a href="/list.php?ct=010200000000">산업</a><a href="/list.php?ct=010300000000">부동산</a>'
    "</div>"
)
KO_FOOT = (
    '<div class="ft">헤럴드경제 서울시 용산구 후암로4길 10 · 대표전화 02-727-0114 · '
    "Copyright Herald Corporation. All Rights Reserved.</div>"
)


def photo_figure(art: Article, cls: str = "photo") -> str:
    return "".join(
        f'<figure class="{cls}"><img src="{i.url}" alt=""><figcaption>{e(i.printed)}'
        "</figcaption></figure>"
        for i in art.images
    )


def ko_portal_dic(art: Article) -> bytes:
    """Portal-like: `#dic_area` with `<br>` text, photos in `span.end_photo_org`."""
    photos = "".join(
        f'<span class="end_photo_org"><img src="{i.url}"><em class="img_desc">{e(i.printed)}'
        "</em></span>"
        for i in art.images
    )
    dates = f'<span class="stamp">입력 {ko_ampm(art.published)}</span>'
    if art.updated:
        dates += f'<span class="stamp">수정 {ko_ampm(art.updated)}</span>'
    body = (
        f'{KO_NAV}<div class="media_end_head"><h2 id="title_area"><span>{e(art.title)}</span>'
        f'</h2><div class="media_end_head_info">{dates}</div></div>'
        f'<div id="newsct_article"><article id="dic_area">{photos}'
        + "<br><br>".join(e(p) for p in art.printed_paragraphs)
        + f"</article></div>{KO_FOOT}"
    )
    return kpage(art.title, "", body)


def ko_itemprop(art: Article) -> bytes:
    """`<div itemprop="articleBody">` with `<p>` paragraphs and a visible 입력/수정 line."""
    dates = f"<span>입력 {art.published:%Y.%m.%d %H:%M}</span>"
    if art.updated:
        dates += f"<span>수정 {art.updated:%Y.%m.%d %H:%M}</span>"
    sub = f'<h2 class="sub-head">{e(art.subtitle)}</h2>' if art.subtitle else ""
    body = (
        f'{KO_NAV}<div class="article-wrap" itemscope itemtype="https://schema.org/NewsArticle">'
        f'<h1 class="head-line" itemprop="headline">{e(art.title)}</h1>{sub}'
        f'<div class="meta-line">{dates}</div><div itemprop="articleBody">{photo_figure(art)}'
        + "".join(f"<p>{e(p)}</p>" for p in art.printed_paragraphs)
        + f'</div></div><div class="side"><h4>많이 본 뉴스</h4></div>{KO_FOOT}'
    )
    return kpage(art.title, "", body)


def ko_table_br(art: Article) -> bytes:
    """An old table layout: the text split by `<br>` inside one `td`."""
    dates = f"기사입력 {art.published:%Y-%m-%d %H:%M}"
    if art.updated:
        dates += f" | 최종수정 {art.updated:%Y-%m-%d %H:%M}"
    photos = "".join(
        f'<table class="pic"><tr><td><img src="{i.url}"></td></tr><tr><td class="pic_cap">'
        f"{e(i.printed)}</td></tr></table>"
        for i in art.images
    )
    body = (
        f'{KO_NAV}<table class="view" width="640"><tr><td class="v_tit"><b>{e(art.title)}</b>'
        f'</td></tr><tr><td class="v_date">{dates}</td></tr><tr><td class="v_txt">{photos}'
        + "<br>\n<br>\n".join(e(p) for p in art.printed_paragraphs)
        + f"</td></tr></table>{KO_FOOT}"
    )
    return kpage(art.title, "", body)


def card_email(art: Article, k: int) -> str:
    """The reporter card's address: the footer's when the article prints one."""
    email = art.authors[k][1]
    return email or f"reporter{art.index % 97 + k}@heraldcorp.com"


def ko_reporter_card(art: Article) -> bytes:
    """`<p>` text, then a reporter card per named reporter (`홍길동 기자 hong@heraldcorp.com`)."""
    dates = f"입력 {art.published:%Y-%m-%d %H:%M}"
    if art.updated:
        dates += f" | 수정 {art.updated:%Y-%m-%d %H:%M}"
    cards = "".join(
        f'<div class="writer"><img src="https://res.heraldm.com/reporter/{k}.jpg" alt="">'
        f'<span class="writer-name">{e(name)} 기자</span> <a class="writer-mail" '
        f'href="mailto:{card_email(art, k)}">{card_email(art, k)}</a>'
        '<a class="writer-sub" href="#">구독</a></div>'
        for k, (name, _) in enumerate(art.authors)
    )
    body = (
        f'{KO_NAV}<div class="art_head"><h3 class="art_title">{e(art.title)}</h3>'
        f'<p class="art_date">{dates}</p></div><div class="art_body">{photo_figure(art)}'
        + "".join(f"<p>{e(p)}</p>" for p in art.printed_paragraphs)
        + f'</div><div class="writers">{cards}</div>{KO_FOOT}'
    )
    return kpage(art.title, "", body)


def teaser_openers(art: Article) -> list[tuple[Article, str]]:
    """Three other Herald Business articles with a reporter opener, for the teasers."""
    idx = hb_indexes()
    pos = idx.index(art.index)
    out = []
    for step in range(1, 40):
        other = replica().article(idx[(pos + step * 7) % len(idx)])
        if other.authors and other.authors != art.authors:
            out.append((other, other.printed_paragraphs[0][:90]))
        if len(out) == 3:
            break
    return out


def ko_photo_teasers(art: Article) -> bytes:
    """A photo block inside the text, then related-article teasers with other reporters' openers."""
    dates = f"입력 {ko_ampm(art.published, hangul_units=True)}"
    paras = [f"<p>{e(p)}</p>" for p in art.printed_paragraphs]
    photos = "".join(
        f'<div class="img_block"><img src="{i.url}"><p class="img_cap">{e(i.printed)}</p></div>'
        for i in art.images
    )
    teasers = "".join(
        f'<li><a href="{o.path}"><strong>{e(o.title)}</strong><p>{e(text)}…</p></a></li>'
        for o, text in teaser_openers(art)
    )
    body = (
        f'{KO_NAV}<div class="a_top"><h1>{e(art.title)}</h1><span class="a_date">{dates}</span>'
        f'</div><div class="a_txt">{paras[0]}{photos}{"".join(paras[1:])}</div>'
        f'<div class="a_rel"><h4>관련기사</h4><ul>{teasers}</ul></div>{KO_FOOT}'
    )
    return kpage(art.title, "", body)


def ko_euckr_meta(art: Article) -> bytes:
    """EUC-KR bytes, the charset declared only in a `<meta http-equiv>`."""
    dates = f"기사입력 {art.published:%Y-%m-%d %H:%M}"
    head = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    body = (
        f'{KO_NAV}<div class="nview"><div class="nview_head"><h2>{e(art.title)}</h2>'
        f'<div class="nview_info">{dates}</div></div><div class="nview_body">'
        f"{photo_figure(art, 'nv_img')}"
        + "<br><br>".join(e(p) for p in art.printed_paragraphs)
        + f"</div></div>{KO_FOOT}"
    )
    return kpage(art.title, head, body, charset="euc-kr")


def _encodes(art: Article, charset: str) -> bool:
    try:
        (
            "".join(art.printed_paragraphs) + art.title + "".join(i.printed for i in art.images)
        ).encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def pick(design: str, n: int = 20) -> list[Article]:
    """n Herald Business articles for a design: a spread, with photos for the photo designs."""
    idx = hb_indexes()
    offset = list(KO_DESIGNS).index(design) * 13
    arts = [replica().article(idx[(offset + k * 37) % len(idx)]) for k in range(len(idx) // 37)]
    if design == "photo_teasers":
        # Mostly pages with a photo, `[사진=...]` captions first, and a few without any.
        pool = [replica().article(i) for i in idx[offset::5]]
        shot = [a for a in pool if a.images]
        shot.sort(key=lambda a: not a.images[0].printed.endswith("[사진=KBS 방송화면 캡처]"))
        arts = shot[: n - 4] + [a for a in pool if not a.images][:4]
    if design == "euckr_meta":
        arts = [a for a in arts if _encodes(a, "euc-kr")]
    return arts[:n]


KO_DESIGNS = {
    "portal_dic_area": ko_portal_dic,
    "itemprop_body": ko_itemprop,
    "table_br": ko_table_br,
    "reporter_card": ko_reporter_card,
    "photo_teasers": ko_photo_teasers,
    "euckr_meta": ko_euckr_meta,
}


def _expect(design: str, art: Article) -> dict:
    rec = art.record(FETCHED)
    want = {
        "title": rec["title"],
        "published": rec["published"],
        "authors": [a["name"] for a in rec["authors"]],
        "emails": [a["email"] for a in rec["authors"]],
        "agency": rec["agency"],
        "body": rec["body"].split("\n\n"),
        "captions": [(i["url"], i["caption"], i["credit"]) for i in rec["images"]],
    }
    if design in ("portal_dic_area", "itemprop_body", "table_br", "reporter_card"):
        want["updated"] = rec["updated"]
    if design == "reporter_card":
        want["emails"] = [card_email(art, k) for k in range(len(art.authors))]
    return want


def _got(rec: dict) -> dict:
    authors = rec.get("authors") or []
    return {
        "title": rec.get("title"),
        "published": rec.get("published"),
        "updated": rec.get("updated"),
        "authors": [a.get("name") for a in authors],
        "emails": [a.get("email") for a in authors],
        "agency": rec.get("agency"),
        "body": (rec.get("body") or "").split("\n\n"),
        "captions": [
            (i.get("url"), i.get("caption"), i.get("credit")) for i in rec.get("images") or []
        ],
    }


def score_ko(design: str) -> dict[str, tuple[int, int, list[str]]]:
    """Per field: (right, total, failing examples) over the design's articles."""
    out: dict[str, list] = {}
    for art in pick(design):
        page = KO_DESIGNS[design](art)
        try:
            got = _got(extract_article(page, art.url))
        except Exception as exc:  # a crash counts against every field
            got = {"error": repr(exc)}
        for key, want in _expect(design, art).items():
            bad = out.setdefault(key, [0, 0, []])[2]
            value = got.get(key, got.get("error"))
            out[key][1] += 1
            if value == want:
                out[key][0] += 1
            elif len(bad) < 3:
                bad.append(f"#{art.index}: want {want!r} got {value!r}")
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


@pytest.mark.parametrize("design", list(KO_DESIGNS))
def test_replica_texts_ko_redesign_fields(design: str) -> None:
    scores = score_ko(design)
    wrong = {k: v for k, v in scores.items() if v[0] != v[1]}
    assert not wrong, wrong


def test_ko_designs_cover_photos_and_people() -> None:
    # The samples must hold what the designs are about, or a pass says nothing.
    photos = [a.images[0].printed for a in pick("photo_teasers") if a.images]
    assert len(photos) >= 15
    assert sum("[사진=" in p for p in photos) >= 5
    assert all(len(pick(d)) >= 15 for d in KO_DESIGNS)
    assert sum(bool(a.authors) for a in pick("reporter_card")) >= 10
