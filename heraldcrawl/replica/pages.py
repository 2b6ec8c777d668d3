"""HTML and RSS of the replica, printed the way site-notes.md says the real pages were.

Where the notes mark markup unknown (the transitional byline, the current visible byline, every
Herald Business article and list page) the replica invents plausible markup, and the crawler has
to find it defensively; those places are marked "invented" below.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from urllib.parse import quote_plus

from heraldcrawl.replica import words as W
from heraldcrawl.replica.generator import Article, Replica, en_date, ko_date

KH_NAV = "".join(
    f'<li><a href="/list.php?ct={code}">{escape(name)}</a></li>'
    for _, code, name, _ in W.KH_SECTIONS
)
HB_NAV = "".join(
    f'<li><a href="/list.php?ct={code}">{name}</a></li>' for _, code, name in W.HB_SECTIONS
)


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def popular(replica: Replica, site: str) -> list[Article]:
    """The "Most Popular" block: a fixed spread of articles from the whole site."""
    return replica.popular(site)


def link_path(art: Article) -> str:
    return art.path if art.number is not None else (art.legacy_path or art.path)


# Site sections as printed in the navigation (site-notes section 3), padded to 12 digits.
NAV_SECTIONS = {
    "National": (
        "0201",
        (
            "Politics",
            "Social Affairs",
            "Foreign Affairs",
            "North Korea",
            "Defense",
            "Science",
            "Education",
            "Diplomatic Circuit",
        ),
    ),
    "Business": ("0202", ("Economy", "Finance", "Industry", "Mobility", "Technology", "Retail")),
    "Life&Style": (
        "0203",
        (
            "Travel",
            "Fashion",
            "Food & Beverage",
            "Books",
            "People",
            "Expat Living",
            "Culture",
            "Arts & Design",
            "Health",
        ),
    ),
    "Entertainment": ("0204", ("Film", "Television", "Music", "Theater", "K-pop")),
    "Sports": ("0205", ("Soccer", "Baseball", "Golf", "More Sports")),
    "World": ("0212", ("World News", "World Business", "Asia News Network")),
    "Opinion": ("0206", ("Editorial", "Viewpoints", "Columnists")),
}


def _mega_menu() -> str:
    out = []
    for top, (code, subs) in NAV_SECTIONS.items():
        links = "".join(
            f'<li class="sub"><a href="/list.php?ct={code}{k + 1:02d}000000">'
            f"{escape(name)}</a></li>"
            for k, name in enumerate(subs)
        )
        out.append(
            f'<li class="depth1"><a href="/list.php?ct={code}00000000">{escape(top)}</a>'
            f'<div class="depth2"><ul>{links}</ul></div></li>'
        )
    return "".join(out)


# Page weight: real article pages are about 100 KB with 700 elements and 280 links (perf-notes);
# most of it is navigation, style, tracking scripts and footer link lists, printed here once.
_STYLE = (
    "<style>"
    + "".join(
        f".blk{i}{{margin:{i % 7}px {i % 5}px;padding:{i % 3}px;"
        f"color:#{i * 2654435761 % 0xFFFFFF:06x};"
        f"font-size:{12 + i % 6}px;line-height:1.{i % 9}}}"
        for i in range(420)
    )
    + "</style>"
)
_SCRIPTS = "".join(
    f"<script>(function(w,d){{var s{i}=d.createElement('script');s{i}.async=true;"
    f"s{i}.src='//static.heraldcorp.com/js/ad_{i}.js?v=20180320';"
    f"w.adSlots=w.adSlots||[];w.adSlots.push({{id:'slot{i}',size:[300,250],pos:{i}}});"
    f"d.getElementsByTagName('head')[0].appendChild(s{i});}})(window,document);</script>"
    for i in range(90)
)


@lru_cache(maxsize=4)
def _chrome_top_static(site: str) -> str:
    nav = KH_NAV if site == "koreaherald" else HB_NAV
    return (
        _STYLE + '<div id="header"><div class="top_bar"><a href="/">Home</a>'
        '<a href="http://m.koreaherald.com/?cpv=1">Mobile</a>'
        '<a href="https://emember.heraldcorp.com/member/login.php">Sign in</a></div>'
        f'<div class="gnb"><ul class="gnb_menu">{nav}</ul>'
        f'<ul class="mega_menu">{_mega_menu()}</ul>'
        f'<ul class="mobile_menu">{_mega_menu()}</ul></div>'
        '<div class="search"><form action="/search/index.php"><input name="q"></form></div></div>'
    )


def _chrome_top(replica: Replica, site: str) -> str:
    return _chrome_top_static(site)


def _chrome_side(replica: Replica, site: str) -> str:
    cached = replica.chrome_cache.get(("side", site))
    if cached is not None:
        return cached
    picks = popular(replica, site)
    items = "".join(
        f'<li><a href="{_e(link_path(a))}">{_e(replica.article(a.index).title)}</a></li>'
        for a in picks
    )
    cards = "".join(
        f'<li class="card"><a href="{_e(link_path(a))}"><div class="thumb">'
        f'<img src="https://res.heraldm.com/thumb/{a.index}.jpg" alt=""></div>'
        f'<div class="txt"><p class="tit">{_e(replica.article(a.index).title)}</p>'
        f'<p class="sum">{_e(replica.article(a.index).paragraphs[0][:120])}</p></div></a></li>'
        for a in picks
    )
    html = (
        '<div class="main_r"><div class="main_r_tit">Most Popular</div>'
        f'<ul class="view_main_c_li">{items}</ul>'
        '<div class="khadv_bg"><script>showAd("right")</script></div>'
        f'<div class="main_r_tit">Editor\'s Picks</div><ul class="spot_li">{cards}</ul>'
        '<ul class="spot_li"><li><a href="/list.php?ct=020601000000">Opinion</a></li></ul></div>'
    )
    replica.chrome_cache[("side", site)] = html
    return html


@lru_cache(maxsize=4)
def _footer(site: str) -> str:
    name = "The Korea Herald" if site == "koreaherald" else "헤럴드경제"
    sitemap = "".join(
        f'<dl class="sitemap"><dt>{escape(top)}</dt>'
        + "".join(
            f'<dd><a href="/list.php?ct={code}{k + 1:02d}000000">{escape(sub)}</a></dd>'
            for k, sub in enumerate(subs)
        )
        + "</dl>"
        for top, (code, subs) in NAV_SECTIONS.items()
    )
    family = "".join(
        f'<li><a href="http://{host}">{host}</a></li>'
        for host in (
            "www.theinvestor.co.kr",
            "www.realfoods.co.kr",
            "pop.heraldcorp.com",
            "superich.heraldcorp.com",
            "www.juniorherald.co.kr",
            "biz.heraldcorp.com",
            "www.koreaherald.com",
            "kpopherald.koreaherald.com",
        )
    )
    return (
        f'<div id="footer"><div class="sitemap_area">{sitemap}</div>'
        f'<ul class="family_site">{family}</ul>'
        '<p class="info">Registration No. 0000; Publisher and Editor: the replica.</p>'
        f"<p>Copyright Herald Corporation. {name}. All rights reserved.</p></div>" + _SCRIPTS
    )


def _head(art: Article, extra: str = "") -> str:
    charset = ""
    if art.charset_in_meta:
        charset = f'<meta charset="{"euc-kr" if art.encoding == "cp949" else "utf-8"}">'
    og_url = f"http://{art.host}{art.path}"
    first_image = art.images[0].url if art.images else "https://res.heraldm.com/image/kh_logo.png"
    desc = art.paragraphs[0][:150]
    author = "The Korea Herald" if art.site == "koreaherald" else "헤럴드경제"
    return (
        f'<!DOCTYPE html><html lang="{art.lang}"><head>{charset}'
        f"<title>{_e(art.title)}</title>"
        f'<meta property="og:title" content="{_e(art.title)}">'
        f'<meta property="og:url" content="{_e(og_url)}">'
        f'<meta property="og:image" content="{_e(first_image)}">'
        f'<meta property="og:description" content="{_e(desc)}">'
        f'<meta name="author" content="{author}">'
        f'<meta property="article:section" content="{_e(art.section_name)}">'
        '<link rel="alternate" type="application/rss+xml" href="/common/rss_xml.php?ct=102">'
        f"{extra}</head>"
    )


def _byline_links(art: Article) -> str:
    if not art.authors or art.byline_raw is None:
        return _e(art.byline_raw)
    m = re.match(r"By\s+", art.byline_raw)
    prefix = m.group(0) if m else ""
    names = [
        f'<a href="/search/list_name.php?byline={quote_plus(n)}">{_e(n)}</a>'
        for n, _ in art.authors
    ]
    if len(names) == 1:
        joined = names[0]
    elif len(names) == 2:
        joined = f"{names[0]} and {names[1]}"
    else:
        joined = ", ".join(names[:-1]) + " and " + names[-1]
    return _e(prefix) + joined


def _en_dateline_html(art: Article) -> str:
    """The dateline element content; the text (whitespace folded) equals `dateline_raw`."""
    style = ("ap", "full", "abbr", "abbr", "ap")[art.dateline_variant]
    pub = f"Published : {en_date(art.published, style)}"
    if art.updated is None:
        return _e(pub)
    upd = f"Updated : {en_date(art.updated, style)}"
    if art.dateline_variant == 4:
        return f"<ul><li>• {_e(pub)}</li>\n<li>• {_e(upd)}</li></ul>"
    sep = "&nbsp;" * 4 if art.dateline_variant == 3 else " "
    return f"{_e(pub)}{sep}{_e(upd)}"


def _caption_block_legacy(art: Article) -> str:
    return "".join(
        f'<table class="img_tbl"><tr><td><img src="{_e(im.url)}" alt=""></td></tr></table>'
        f'<div class="view_con_caption">{_e(im.printed)}</div>'
        for im in art.images
    )


def kh_legacy(replica: Replica, art: Article) -> str:
    paras = [_e(p) for p in art.printed_paragraphs]
    body = paras[0] + "<br><br>\n" + _caption_block_legacy(art) + "<br>\n<br>".join(paras[1:])
    if art.glued_byline:
        byline = (
            f'<div class="view_tit_byline_l">{_byline_links(art)}{_en_dateline_html(art)}</div>'
        )
    else:
        date_class = (
            "view_tit_date" if "kh-legacy-dateline" in replica.drift else "view_tit_byline_r"
        )
        byline = (
            f'<div class="view_tit_byline_l">{_byline_links(art)}</div>'
            f'<div class="{date_class}">{_en_dateline_html(art)}</div>'
        )
    closer = "</td>" if art.malformed else "</div>"
    stray = "<center>" if art.malformed else ""
    aname = art.authors[0][0] if art.authors else ""
    sub = f'<h2 class="view_tit_sub">{_e(art.subtitle)}</h2>' if art.subtitle else ""
    return (
        _head(art)
        + "<body>"
        + _chrome_top(replica, art.site)
        + '<div class="main"><div class="view_bg">'
        '<div class="view_tit_icon"><a href="#">Facebook</a><a href="#">Twitter</a></div>'
        f'<h1 class="view_tit">{_e(art.title)}</h1>{sub}'
        f'<div class="view_tit_byline">{byline}</div>'
        f'{stray}<div id="articleText" class="view_con article">'
        f'<div id="thumimage"><img src="https://res.heraldm.com/thumb/{art.ud}.jpg"></div>'
        f'<div class="view_con_t">{body}{closer}</div></div>'
        + _chrome_side(replica, art.site)
        + "</div>"
        + f'<script>var _aname = "{_e(aname)}"; var _pd = "{art.published:%Y%m%d%H%M%S}";</script>'
        + _footer(art.site)
        + "</body></html>"
    )


def kh_transitional(replica: Replica, art: Article) -> str:
    images = "".join(
        f'<div class="img_box"><img src="{_e(im.url)}">'
        f'<p class="img_caption">{_e(im.printed)}</p></div>'
        for im in art.images
    )
    paras = "".join(f"<p>{_e(p)}</p>" for p in art.printed_paragraphs)
    paras = paras.replace("</p>", "</p><p><script>inlineAd()</script></p>", 1)
    sub = f'<h2 class="news_title">{_e(art.subtitle)}</h2>' if art.subtitle else ""
    # invented: the notes do not know where this design printed the byline
    byline = f'<p class="news_byline">{_byline_links(art)}</p>' if art.byline_raw else ""
    return (
        _head(art)
        + "<body>"
        + _chrome_top(replica, art.site)
        + '<div class="news_content"><div class="news_title_area">'
        f'<h1 class="news_title">{_e(art.title)}</h1>{sub}'
        f'<p class="news_date">{_en_dateline_html(art)}</p>{byline}</div>'
        f'<div class="news_text_area">{images}<div class="text_box">{paras}</div></div></div>'
        + _chrome_side(replica, art.site)
        + _footer(art.site)
        + "</body></html>"
    )


def _json_ld(art: Article) -> str:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "datePublished": art.dateline_raw,
        "articleSection": art.section_name,
        "mainEntityOfPage": art.url,
        "image": [im.url for im in art.images],
    }
    if art.updated is not None:
        data["dateModified"] = f"{art.updated:%Y-%m-%dT%H:%M:%S}"
    if art.authors:
        data["author"] = [{"@type": "Person", "name": n} for n, _ in art.authors]
    elif art.agency:
        data["author"] = {"@type": "Organization", "name": art.agency}
    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{blob}</script>'


def _figures(art: Article) -> str:
    return "".join(
        f'<figure><img src="{_e(im.url)}"><figcaption>{_e(im.printed)}</figcaption></figure>'
        for im in art.images
    )


def current(replica: Replica, art: Article) -> str:
    paras = [f"<p>{_e(p)}</p>" for p in art.printed_paragraphs]
    paras.insert(1, _figures(art))
    sub = f'<h2 class="article-sub">{_e(art.subtitle)}</h2>' if art.subtitle else ""
    # invented: the visible byline and date markup of this design are unknown
    byline = ""
    if art.byline_raw and art.site == "koreaherald":
        byline = f'<div class="article-byline">{_byline_links(art)}</div>'
    date = en_date(art.published) if art.site == "koreaherald" else ko_date(art.published)
    return (
        _head(art, _json_ld(art))
        + "<body>"
        + _chrome_top(replica, art.site)
        + f'<div class="article-head"><h1 class="article-title">{_e(art.title)}</h1>{sub}'
        f'<div class="article-info"><span class="date">{_e(date)}</span>{byline}</div></div>'
        f'<article id="articleText" class="article-body">{"".join(paras)}</article>'
        '<div class="share"><button>Share</button></div>'
        + _chrome_side(replica, art.site)
        + _footer(art.site)
        + "</body></html>"
    )


def hb_legacy(replica: Replica, art: Article) -> str:
    # invented: Herald Business's legacy article markup is not in the notes
    paras = [_e(p) for p in art.printed_paragraphs]
    images = "".join(
        f'<table class="img_tbl"><tr><td><img src="{_e(im.url)}"></td></tr>'
        f'<tr><td class="img_caption">{_e(im.printed)}</td></tr></table>'
        for im in art.images
    )
    body = paras[0] + "<br><br>\n" + images + "<br>\n<br>".join(paras[1:])
    upd = ""
    if art.updated is not None:
        upd = f"<li>최종수정 {_e(ko_date(art.updated, art.dateline_variant))}</li>"
    sub = f'<h2 class="sub_tit">{_e(art.subtitle)}</h2>' if art.subtitle else ""
    return (
        _head(art)
        + "<body>"
        + _chrome_top(replica, art.site)
        + f'<div class="view_top_t2"><h1>{_e(art.title)}</h1>{sub}<ul class="view_date">'
        f"<li>기사입력 {_e(ko_date(art.published, art.dateline_variant))}</li>\n{upd}</ul></div>"
        f'<div id="articleText" class="view_con_t">{body}</div>'
        + _chrome_side(replica, art.site)
        + _footer(art.site)
        + "</body></html>"
    )


RENDERERS = {
    "kh-legacy": kh_legacy,
    "kh-transitional": kh_transitional,
    "kh-current": current,
    "hb-legacy": hb_legacy,
    "hb-current": current,
}


def article_page(replica: Replica, art: Article) -> str:
    return RENDERERS[art.layout](replica, art)


# ---------------------------------------------------------------------------------------------
# Lists, feeds and the rest


def _list_item_legacy_old(replica: Replica, a: Article, tail: str) -> str:
    full = replica.article(a.index)
    return (
        f'<li><a href="{_e(link_path_legacy(a))}{tail}"><div class="main_l_img"></div>'
        f'<div class="main_l_t1">{_e(full.title)}</div>'
        f'<div class="main_l_t2"><span class="date">{en_date(a.published, "ap", False)}'
        "</span></div></a></li>"
    )


def _list_item_legacy_new(replica: Replica, a: Article, tail: str) -> str:
    full = replica.article(a.index)
    return (
        f'<li><a class="news_link" href="{_e(link_path_legacy(a))}{tail}">'
        f'<strong class="ellipsis">{_e(full.title)}</strong>'
        f'<p class="date">{en_date(a.published, "ap", False)}</p></a></li>'
    )


def link_path_legacy(art: Article) -> str:
    return art.legacy_path or art.path


def paging(base: str, page: int, last: int, param: str = "np") -> str:
    first = (page - 1) // 10 * 10 + 1
    links = [
        f'<li><a href="{base}&amp;{param}={n}&amp;mp={(n + 9) // 10}">{n}</a></li>'
        for n in range(first, min(last, first + 9) + 1)
    ]
    links.append(
        f'<li><a class="last" href="{base}&amp;{param}={last}&amp;mp={(last + 9) // 10}">'
        "Last</a></li>"
    )
    return f'<ul class="paging">{"".join(links)}</ul>'


def _popular_block(replica: Replica, site: str) -> str:
    items = "".join(
        f'<li><a class="news_link" href="{_e(link_path(a))}">'
        f'<strong class="ellipsis">{_e(replica.article(a.index).title)}</strong></a></li>'
        for a in popular(replica, site)
    )
    return (
        '<div class="popular_area"><h3>Most Popular</h3>'
        f'<ul class="popular_list">{items}</ul></div>'
    )


def legacy_list(
    replica: Replica, site: str, items: list[Article], ct: str, page: int, per_page: int
) -> str:
    last = max(1, (len(items) + per_page - 1) // per_page)
    chunk = items[(page - 1) * per_page : page * per_page]
    tail = f"&amp;ct={ct}&amp;np={page}&amp;mp={(page + 9) // 10}"
    if site == "heraldbiz":
        # invented: Herald Business list markup; dates as `2020-07-06 15:04` (site-notes 3)
        lis = "".join(
            f'<li><a href="{_e(link_path(a))}"><span class="title">'
            f"{_e(replica.article(a.index).title)}</span>"
            f'<span class="date">{ko_date(a.published)}</span></a></li>'
            for a in chunk
        )
        listing = f'<div class="list_area"><ul>{lis}</ul></div>'
    elif chunk and chunk[0].published.year < 2023:
        lis = "".join(_list_item_legacy_old(replica, a, tail) for a in chunk)
        listing = f'<div class="main_sec"><ul class="main_sec_li">{lis}</ul></div>'
    else:
        lis = "".join(_list_item_legacy_new(replica, a, tail) for a in chunk)
        listing = f'<ul class="category_detail_list">{lis}</ul>'
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>List {ct}</title></head><body>'
        + _chrome_top(replica, site)
        + _popular_block(replica, site)
        + listing
        + paging(f"/list.php?ct={ct}", page, last)
        + _footer(site)
        + "</body></html>"
    )


def section_page(
    replica: Replica, path: str, items: list[Article], page: int, per_page: int
) -> str:
    """A current-design section page (`/National`), with its own next-page link."""
    last = max(1, (len(items) + per_page - 1) // per_page)
    chunk = items[(page - 1) * per_page : page * per_page]
    latest = replica.latest_current("koreaherald")
    card = "".join(
        f'<div class="latest_news"><a href="{_e(a.path)}">{_e(replica.article(a.index).title)}'
        "</a></div>"
        for a in latest
    )
    lis = "".join(
        f'<li><a href="{_e(a.path)}"><p class="news_title">{_e(replica.article(a.index).title)}</p>'
        f'<p class="date">{en_date(a.published, "abbr", False).replace("Sept", "Sep")}</p></a></li>'
        for a in chunk
    )
    # invented: pagination of this design is unknown; it prints its own next link here
    pager = f'<a class="next" href="/{path}?page={page + 1}">Next</a>' if page < last else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        + _chrome_top(replica, "koreaherald")
        + card
        + f'<article class="recent_news"><ul class="news_list">{lis}</ul></article>'
        + f'<div class="pagination">{pager}</div>'
        + _footer("koreaherald")
        + "</body></html>"
    )


def rss(replica: Replica, title: str, items: list[Article], legacy: bool) -> str:
    out = []
    for n, a in enumerate(items):
        full = replica.article(a.index)
        if legacy:
            link = f"http://www.koreaherald.com/view.php?ud={a.ud}&md={a.published:%Y%m%d%H%M%S}_BL"
            if n % 7 == 3:  # broken links of this shape were seen in real feeds
                link = f"http://www.koreaherald.com/view.php?ud=/view.php?ud={a.ud}"
        else:
            link = f"https://{a.host}{a.path}"
        pub = a.published.strftime("%a, %d %b %Y %H:%M:%S +0900")
        out.append(
            f"<item><title>{_e(full.title)}</title><link>{_e(link)}</link>"
            f"<description>{_e(full.paragraphs[0][:200])}</description>"
            f"<pubDate>{pub}</pubDate><guid>{_e(link)}</guid></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{_e(title)}</title><link>https://www.koreaherald.com</link>"
        f"<description>{_e(title)}</description>{''.join(out)}</channel></rss>"
    )


def home(replica: Replica, site: str, items: list[Article]) -> str:
    lis = "".join(
        f'<li><a href="{_e(link_path(a))}">{_e(replica.article(a.index).title)}</a></li>'
        for a in items
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Home</title>'
        '<link rel="alternate" type="application/rss+xml" href="/rss/newsAll"></head><body>'
        + _chrome_top(replica, site)
        + f'<ul class="main_top_news">{lis}</ul>'
        + _footer(site)
        + "</body></html>"
    )


def reporter_page(
    replica: Replica, name: str, items: list[Article], page: int, per_page: int
) -> str:
    last = max(1, (len(items) + per_page - 1) // per_page)
    chunk = items[(page - 1) * per_page : page * per_page]
    lis = "".join(
        f'<li><a class="news_link" href="{_e(link_path(a))}">'
        f'<strong class="ellipsis">{_e(replica.article(a.index).title)}</strong></a></li>'
        for a in chunk
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(name)}</title></head><body>'
        f'<ul class="category_detail_list">{lis}</ul>'
        + paging(f"/search/list_reporter.php?byline={quote_plus(name)}", page, last)
        + "</body></html>"
    )


ROBOTS = "User-agent: *\nAllow: /\nDisallow: /admin/\n"
NOT_FOUND = "<!DOCTYPE html><html><body><h1>404 Not Found</h1><p>No such page.</p></body></html>"
