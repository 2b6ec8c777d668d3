"""HTML and RSS of the replica, printed the way site-notes.md says the real pages were.

The article designs and Herald Business's 2020 list follow the markup other scrapers recorded
(site-notes section 8). Where the notes mark markup unknown (where the transitional byline sits,
the current visible byline and date, image blocks of the 2014 designs, both sites' current
designs) the replica invents plausible markup, and the crawler has to find it defensively;
those places are marked "invented" below.
"""

from __future__ import annotations

import json
import re
import zlib
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
    if art.layout == "kh-legacy":
        # Six &nbsp; entities between the two, sometimes after a line break (site-notes 8).
        sep = ("\n" if art.dateline_variant in (1, 3) else "") + "&nbsp;" * 6
    elif art.layout == "kh-2014":
        # The Updated label is the third text node: a <br> pair or an element between them.
        sep = "<br>\n<br>" if art.dateline_variant % 2 else '<span class="bar"> </span>'
    else:
        sep = " "
    return f"{_e(pub)}{sep}{_e(upd)}"


def _caption_block_legacy(art: Article) -> str:
    return "".join(
        f'<table class="img_tbl"><tr><td><img src="{_e(im.url)}" alt=""></td></tr></table>'
        f'<div class="view_con_caption">{_e(im.printed)}</div>'
        for im in art.images
    )


# The legacy article's wrapper is `.view_bg` or `.main` (site-notes section 8), or both nested.
_LEGACY_WRAP_OPEN = {
    "both": '<div class="main"><div class="view_bg">',
    "view_bg": '<div class="view_bg">',
    "main": '<div class="main">',
}


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
        + _LEGACY_WRAP_OPEN[art.wrapper]
        + '<div class="view_tit_icon"><a href="#">Facebook</a><a href="#">Twitter</a></div>'
        f'<h1 class="view_tit">{_e(art.title)}</h1>{sub}'
        f'<div class="view_tit_byline">{byline}</div>'
        f'{stray}<div id="articleText" class="view_con article">'
        f'<div id="thumimage"><img src="https://res.heraldm.com/thumb/{art.ud}.jpg"></div>'
        f'<div class="view_con_t">{body}{closer}</div>'
        + ("</div>" if art.wrapper == "both" else "")  # the sidebar sits in the outer wrapper
        + _chrome_side(replica, art.site)
        + "</div>"
        + f'<script>var _aname = "{_e(aname)}"; var _pd = "{art.published:%Y%m%d%H%M%S}";</script>'
        + _footer(art.site)
        + "</body></html>"
    )


def kh_2014(replica: Replica, art: Article) -> str:
    """The Korea Herald about 2014-2015 (site-notes section 8): `.nview`, `.title_sec`,
    `.stitle_sec`, `.writedata .date`, `#articleText` ending with the credit footer."""
    paras = [_e(p) for p in art.printed_paragraphs]
    # invented: the image block of this design is not recorded
    images = "".join(
        f'<table class="img_tbl"><tr><td><img src="{_e(im.url)}" alt=""></td></tr>'
        f'<tr><td class="img_caption">{_e(im.printed)}</td></tr></table>'
        for im in art.images
    )
    body = paras[0] + "<br><br>\n" + images + "<br>\n<br>".join(paras[1:])
    sub = f'<div class="stitle_sec">{_e(art.subtitle)}</div>' if art.subtitle else ""
    return (
        _head(art) + "<body>" + _chrome_top(replica, art.site) + '<div class="nview">'
        f'<div class="title_sec">{_e(art.title)}</div>{sub}'
        f'<div class="writedata"><span class="date">{_en_dateline_html(art)}</span></div>'
        # The footer `By Name (email)` is the last node of the body.
        f'<div id="articleText">{body}</div></div>'
        + _chrome_side(replica, art.site)
        + _footer(art.site)
        + "</body></html>"
    )


_JOURNALIST_IMG = "https://res.heraldm.com/journalist/"


def _reporter_box(art: Article) -> str:
    """The transitional design's end-of-article box: the credited names again, as links."""
    if not art.reporter_box:
        return ""
    # invented: the box's inner markup; its class and `Articles by` wording are recorded
    return "".join(
        f'<div class="news_journalist_area"><div class="journalist_img">'
        f'<img src="{_JOURNALIST_IMG}{zlib.crc32(n.encode()) % 1000}.jpg" alt=""></div>'
        f'<div class="journalist_info"><strong>{_e(n)}</strong>'
        f'<a href="/search/list_reporter.php?byline={quote_plus(n)}">Articles by {_e(n)}</a>'
        "</div></div>"
        for n, _ in art.authors
    )


_BUTTONS = (
    '<div class="news_btn_wrap"><button class="btn_like">Like</button>'
    '<button class="btn_share">Share</button><button class="btn_print">Print</button>'
    '<a class="btn_list" href="/list.php?ct=020000000000">List</a></div>'
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
    dateline = _en_dateline_html(art)
    byline = ""
    if art.byline_place == "glued" and art.byline_raw:
        # `By NamePublished : ...`: the byline glued to the dateline's label.
        dateline = _byline_links(art) + dateline
    elif art.byline_raw:
        # invented: an unclassed element in the header (the notes do not know where it was)
        byline = f"<p>{_byline_links(art)}</p>"
    return (
        _head(art)
        + "<body>"
        + _chrome_top(replica, art.site)
        + '<div class="news_content"><div class="news_title_area">'
        f'<h1 class="news_title">{_e(art.title)}</h1>{sub}{byline}'
        f'<p class="news_date">{dateline}</p></div>'
        f'<div class="news_text_area">{images}<div class="text_box">{paras}</div></div>'
        + _reporter_box(art)
        + _BUTTONS
        + "</div>"
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


def _teasers(replica: Replica, art: Article) -> str:
    """Related-article teasers after a Korean body, with other reporters' bylines (never this
    article's authors)."""
    if not art.teasers:
        return ""
    own = {n for n, _ in art.authors}
    out = []
    for k in range(1, 40):
        if len(out) == 2 or art.index - k < 0:
            break
        other = replica.skeletons[art.index - k]
        if other.site != art.site:
            continue
        full = replica.article(other.index)
        names = [n for n, _ in full.authors if n not in own]
        if not names:
            continue
        out.append(
            f'<li><a href="{_e(link_path(other))}">{_e(full.title)}</a>'
            f"<span>[헤럴드경제={_e(names[0])} 기자]</span></li>"
        )
    # invented: the teaser block's markup
    return f'<div class="relation_news"><ul>{"".join(out)}</ul></div>' if out else ""


_HB_ADS_IN_BODY = (
    '<div id="soea_ad_1"><script>soeaAd("view1")</script></div>'
    '<div id="wp_adbn_root"><script>wpAd()</script></div>'
)
_HB_ADS_OUTSIDE = (
    '<div id="mobon_toast_banner"><a href="#">광고</a></div>'
    '<div id="scrollDiv"><a href="#">광고 배너</a></div>'
    '<div id="tbFadeIn"><p>오늘의 추천 기사</p></div>'
)
_COPYRIGHT = (
    "- Copyright Herald Corporation. All Rights Reserved. 대표전화 02-727-0114 · "
    "기사제보 02-727-0000"
)


def _hb_images_2014(art: Article) -> str:
    # invented: the image block of this design is not recorded
    return "".join(
        f'<table class="img_tbl"><tr><td><img src="{_e(im.url)}"></td></tr>'
        f'<tr><td class="img_caption">{_e(im.printed)}</td></tr></table>'
        for im in art.images
    )


def hb_2014(replica: Replica, art: Article) -> str:
    """Herald Business about 2014-2016 (site-notes section 8): title `.article_text span`,
    date `.new_time`, body `#articleText` with a `.mask_div` and ad blocks to remove."""
    paras = [_e(p) for p in art.printed_paragraphs]
    body = (
        '<div class="mask_div"><a href="#">글자크기</a><a href="#">인쇄하기</a></div>'
        + paras[0]
        + "<br><br>\n"
        + _hb_images_2014(art)
        + _HB_ADS_IN_BODY
        + "<br>\n<br>".join(paras[1:])
    )
    return (
        _head(art)
        + "<body>"
        + _chrome_top(replica, art.site)
        + f'<div class="article_view"><div class="article_text"><span>{_e(art.title)}</span>'
        f'</div><div class="new_time">{_e(art.dateline_raw)}</div>'
        f'<div id="articleText">{body}</div>{_teasers(replica, art)}</div>'
        + _HB_ADS_OUTSIDE
        + _chrome_side(replica, art.site)
        + _footer(art.site)
        + "</body></html>"
    )


def _hb_images(art: Article) -> str:
    """Photos in `.imageC` with the caption in `.desc`; the first photo `#heraldbizimg01`."""
    return "".join(
        f'<div class="imageC"><img id="heraldbizimg{k + 1:02d}" src="{_e(im.url)}" alt="">'
        f'<div class="desc">{_e(im.printed)}</div></div>'
        for k, im in enumerate(art.images)
    )


def hb_legacy(replica: Replica, art: Article) -> str:
    """Herald Business about 2017-2022 (site-notes section 8), and its other pre-2025 years."""
    paras = [_e(p) for p in art.printed_paragraphs]
    if art.p_paragraphs:
        text = [f"<p>{p}</p>" for p in paras]
        body = text[0] + _hb_images(art) + '<div class="ad_2"></div>' + "".join(text[1:])
    else:
        body = (
            paras[0]
            + "<br><br>\n"
            + _hb_images(art)
            + '<div class="ad_2"></div>'
            + "<br>\n<br>".join(paras[1:])
        )
    if art.copyright_line:
        # Inside the text container on some real pages; never part of the body.
        body += f"<br><br>{_e(_COPYRIGHT)}"
    # Whatever follows `div.ad_161219` in the text is junk (related teasers here).
    body += '<div class="ad_161219"></div>' + _teasers(replica, art)
    sub = f'<h2 class="sub_tit">{_e(art.subtitle)}</h2>' if art.subtitle else ""
    section = _e(art.section_name)
    date_li = upd_li = ""
    if not art.date_after_body:
        pub = ko_date(art.published, art.dateline_variant)
        date_li = f'<li class="ellipsis"><em>{section}</em>기사입력 {_e(pub)}</li>'
        if art.updated is not None:
            upd = ko_date(art.updated, art.dateline_variant)
            upd_li = f'<li class="ellipsis">최종수정 {_e(upd)}</li>'
    if art.old_header:
        date_div = date_li.replace("<li", "<div", 1).replace("</li>", "</div>") if date_li else ""
        date_div += upd_li.replace("<li", "<div", 1).replace("</li>", "</div>") if upd_li else ""
        header = f'<div class="view_top"><h1>{_e(art.title)}</h1>{sub}{date_div}</div>'
    else:
        header = (
            '<div class="view_top_t2"><ul>'
            f'<li class="view_top_t2_cate"><a href="/list.php?ct=010000000000">{section}</a></li>'
            f"<li><h1>{_e(art.title)}</h1>{sub}</li>\n{date_li}\n{upd_li}</ul></div>"
        )
    after = f"<p>{_e(art.dateline_raw)}</p>" if art.date_after_body else ""
    text = f'<div id="articleText">{body}</div>{after}'
    if art.con_left:
        content = f'<div class="con_left">{text}</div>'
    else:
        content = f'<div id="content_ADTOM">{text}</div>'
    # invented: the right column's content
    right = f'<div class="con_right">{_chrome_side(replica, art.site)}</div>'
    return (
        _head(art)
        + "<body>"
        + _chrome_top(replica, art.site)
        + f'<div class="view_wrap">{header}{content}{right}</div>'
        + _footer(art.site)
        + "</body></html>"
    )


RENDERERS = {
    "kh-2014": kh_2014,
    "kh-legacy": kh_legacy,
    "kh-transitional": kh_transitional,
    "kh-current": current,
    "hb-2014": hb_2014,
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
        # Herald Business's 2020 list (site-notes section 8): relative `view.php?ud=` links,
        # the title in `div.list_t1.ellipsis`, the date in `div.list_t3` (`2020-07-06 15:04`;
        # current articles `2026.02.03 18:34`).
        lis = "".join(
            f'<li><a href="{_e(link_path(a).lstrip("/"))}">'
            f'<div class="list_t1 ellipsis">{_e(replica.article(a.index).title)}</div>'
            f'<div class="list_t3">{ko_date(a.published, 0 if a.ud else 1)}</div></a></li>'
            for a in chunk
        )
        listing = f'<div class="list"><ul>{lis}</ul></div>'
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
