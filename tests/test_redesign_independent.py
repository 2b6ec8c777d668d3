"""An outside check of extraction on page designs written without reading the extractor.

Eight hand-written templates print replica articles the way other big news designs print
articles (a WordPress theme, a React page of the Arc kind, a Korean portal, AMP, a mobile page,
a page of heavy chrome, a headline in a div with the dateline after the body, photos interleaved
with the text). The dates and bylines they print use only forms of the site notes (sections 5, 6
and 9). The expected values are the generator's truth records, not anything the extractor says.

Run as a script for the share of right fields per template:
`.venv/bin/python tests/test_redesign_independent.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from html import escape

import pytest

from heraldcrawl.extract import extract_article
from heraldcrawl.record import KST
from heraldcrawl.replica.generator import DEFAULT_START, Article, Image, Replica

FETCHED = datetime(2026, 11, 28, tzinfo=UTC)
SHOW = 3


# ---------------------------------------------------------------------------------------------
# The articles


@cache
def replica() -> Replica:
    return Replica(3000, start=DEFAULT_START)


# Articles per page design of the replica: every era of both sites, 20 of each site.
QUOTA = {
    "kh-2014": 3,
    "kh-legacy": 7,
    "kh-transitional": 5,
    "kh-current": 5,
    "hb-2014": 4,
    "hb-legacy": 10,
    "hb-current": 6,
}


@cache
def articles() -> tuple[Article, ...]:
    """About 40 articles of both sites, spread over each era of each design."""
    rep = replica()
    picked: list[Article] = []
    for layout, count in QUOTA.items():
        pool = [i for i, sk in enumerate(rep.skeletons) if sk.layout == layout]
        step = len(pool) / count
        picked += [rep.article(pool[int(k * step + step / 2)]) for k in range(count)]
    return tuple(picked)


def others(art: Article, n: int) -> list[Article]:
    """Other articles of the same site, for lists of popular and related stories."""
    rep = replica()
    out = []
    for k in range(1, 400):
        other = rep.article((art.index + k * 53) % rep.n)
        if other.site == art.site and other.index != art.index:
            out.append(other)
        if len(out) == n:
            break
    return out


# ---------------------------------------------------------------------------------------------
# Printed forms (site notes sections 5, 6 and 9)

_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.")
_AP += ("Dec.",)
_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")
_FULL = ("January", "February", "March", "April", "May", "June", "July", "August")
_FULL += ("September", "October", "November", "December")


def en_when(dt: datetime, style: str, time: bool = True) -> str:
    month = {"ap": _AP, "abbr": _ABBR, "full": _FULL}[style][dt.month - 1]
    text = f"{month} {dt.day}, {dt.year}"
    return f"{text} - {dt:%H:%M}" if time else text


def style_of(art: Article) -> str:
    return ("ap", "full", "abbr")[art.index % 3]


def ko_when(dt: datetime, form: int) -> str:
    if form == 1:
        return f"{dt:%Y.%m.%d %H:%M}"
    if form == 2:
        ampm = "오후" if dt.hour >= 12 else "오전"
        return f"{dt.year}. {dt.month}. {dt.day}. {ampm} {(dt.hour % 12) or 12}:{dt:%M}"
    return f"{dt:%Y-%m-%d %H:%M}"


def names(art: Article) -> list[str]:
    return [n for n, _ in art.authors]


def join_names(people: list[str]) -> str:
    if len(people) <= 2:
        return " and ".join(people)
    return ", ".join(people[:-1]) + " and " + people[-1]


def is_column(art: Article) -> bool:
    return bool(art.authors) and art.title.startswith(f"[{art.authors[0][0]}]")


def en_byline(art: Article) -> str | None:
    """The header byline a new English design prints, or None where the copy has none."""
    if art.lang != "en" or art.wire_dateline or is_column(art):
        return None
    if art.byline_raw:
        return art.byline_raw
    if art.authors:
        return "By " + join_names(names(art))
    if art.agency:
        return f"By {art.agency}"
    return None


def byline_people(art: Article) -> str | None:
    """The byline's names without `By` (designs that print `By` apart from the names)."""
    line = en_byline(art)
    return " ".join(line.split()[1:]) if line else None


def paragraphs(art: Article) -> list[str]:
    """The text as printed: Korean opener, wire dateline and footers included."""
    return list(art.printed_paragraphs)


def jsonld(art: Article, when: str, korean_title: bool = False) -> str:
    """A NewsArticle block; `when` is how this design writes the instant."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "mainEntityOfPage": art.url,
        "inLanguage": "en" if art.lang == "en" else "ko-KR",
        "publisher": {
            "@type": "Organization",
            "name": "The Korea Herald" if art.lang == "en" else "헤럴드경제",
        },
    }
    stamps = {"Z": lambda d: d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    stamps["offset"] = lambda d: d.astimezone(KST).isoformat(timespec="seconds")
    stamps["naive"] = lambda d: d.astimezone(KST).strftime("%Y-%m-%dT%H:%M:%S")
    data["datePublished"] = stamps[when](art.published)
    if art.updated:
        data["dateModified"] = stamps[when](art.updated)
    if art.authors:
        suffix = " 기자" if art.lang == "ko" else ""
        data["author"] = [{"@type": "Person", "name": n + suffix} for n in names(art)]
    elif art.agency and not art.wire_dateline:
        data["author"] = {"@type": "Organization", "name": art.agency}
    if art.images:
        data["image"] = [i.url for i in art.images]
    text = json.dumps(data, ensure_ascii=False)
    return f'<script type="application/ld+json">{text}</script>'


def head(art: Article, title_tag: str, extra: str = "") -> str:
    lang = "en" if art.lang == "en" else "ko"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title_tag)}</title>"
        f'<meta property="og:title" content="{escape(art.title)}">'
        f'<meta property="og:type" content="article">'
        f'<meta property="og:url" content="{art.url}">'
        f'<link rel="canonical" href="{art.url}">{extra}</head>'
    )


def suffixed(art: Article) -> str:
    return f"{art.title} - {'The Korea Herald' if art.lang == 'en' else '헤럴드경제'}"


def nav(n: int, ko: bool) -> str:
    words = ("정치", "경제", "사회", "국제", "증권", "부동산", "IT", "문화", "스포츠", "오피니언")
    if not ko:
        words = ("National", "Business", "Finance", "Life&Culture", "Sports", "World")
        words += ("Opinion", "K-pop", "Politics", "Economy")
    return "".join(
        f'<li><a href="/section/{k}">{words[k % len(words)]} {k // len(words) or ""}</a></li>'
        for k in range(n)
    )


# ---------------------------------------------------------------------------------------------
# The templates


def wordpress(art: Article) -> str:
    """A WordPress theme: article.post, .entry-meta, .entry-content with wp-block figures."""
    ko = art.lang == "ko"
    byline = byline_people(art)
    meta = ""
    if byline:
        meta += (
            f'<span class="byline"> By <span class="author vcard"><a class="url fn n" '
            f'href="/author/{art.index}/">{escape(byline)}</a></span></span> '
        )
    pub_label, upd_label = ("입력", "수정") if ko else ("Published :", "Updated :")
    when = (lambda d: ko_when(d, 0)) if ko else (lambda d: en_when(d, style_of(art)))
    meta += (
        f'<span class="posted-on"><time class="entry-date published" '
        f'datetime="{art.published.isoformat()}">{pub_label} {when(art.published)}</time>'
    )
    if art.updated:
        meta += (
            f' <time class="updated" datetime="{art.updated.isoformat()}">'
            f"{upd_label} {when(art.updated)}</time>"
        )
    meta += "</span>"
    figures = "".join(
        f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" '
        f'height="683" src="{i.url}" alt="" class="wp-image-{k}">'
        f'<figcaption class="wp-element-caption">{escape(i.printed)}</figcaption></figure>'
        for k, i in enumerate(art.images)
    )
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(art))
    sub = f'<p class="entry-subtitle">{escape(art.subtitle)}</p>' if art.subtitle else ""
    recent = "".join(
        f'<li><a href="{o.url}">{escape(o.title)}</a> '
        f'<span class="post-date">{en_when(o.published, "ap", time=False)}</span></li>'
        for o in others(art, 5)
    )
    prev, nxt = others(art, 2)
    return (
        head(art, suffixed(art), '<link rel="stylesheet" href="/wp-content/themes/h/style.css">')
        + f'<body class="post-template-default single single-post postid-{art.index}">'
        '<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">'
        'Skip to content</a><header id="masthead" class="site-header"><div class="site-branding">'
        '<p class="site-title"><a href="/" rel="home">The Korea Herald</a></p>'
        '<p class="site-description">Korea\'s leading English daily</p></div>'
        f'<nav id="site-navigation" class="main-navigation"><ul class="menu">{nav(30, ko)}</ul>'
        '</nav></header><div id="content" class="site-content"><div id="primary" '
        'class="content-area"><main id="main" class="site-main">'
        f'<article id="post-{art.index}" class="post-{art.index} post type-post status-publish '
        'format-standard has-post-thumbnail hentry category-news"><header class="entry-header">'
        '<span class="cat-links"><a href="/category/news/" rel="category tag">News</a></span>'
        f'<h1 class="entry-title">{escape(art.title)}</h1>{sub}'
        f'<div class="entry-meta">{meta}</div></header>'
        f'<div class="entry-content">{figures}{text}</div>'
        '<footer class="entry-footer"><span class="tags-links">Tagged <a href="/tag/korea/" '
        'rel="tag">Korea</a>, <a href="/tag/economy/" rel="tag">economy</a></span></footer>'
        '</article><nav class="navigation post-navigation" aria-label="Posts">'
        '<h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">'
        f'<div class="nav-previous"><a href="{prev.url}" rel="prev"><span class="meta-nav">'
        f'Previous</span> <span class="post-title">{escape(prev.title)}</span></a></div>'
        f'<div class="nav-next"><a href="{nxt.url}" rel="next"><span class="meta-nav">Next'
        f'</span> <span class="post-title">{escape(nxt.title)}</span></a></div></div></nav>'
        '<div id="comments" class="comments-area"><div id="respond" class="comment-respond">'
        '<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
        '<form action="/wp-comments-post.php" method="post" id="commentform">'
        '<p class="comment-notes">Your email address will not be published. Required fields '
        'are marked *</p><p class="comment-form-comment"><label for="comment">Comment</label>'
        '<textarea id="comment" name="comment"></textarea></p></form></div></div></main></div>'
        '<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
        f'<h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section></aside></div>'
        '<footer id="colophon" class="site-footer"><div class="site-info">Copyright Herald '
        "Corporation. All Rights Reserved.</div></footer></div></body></html>"
    )


def arc(art: Article) -> str:
    """A React page of the Arc kind: deep div stacks, data-* attributes, p.c-paragraph."""
    ko = art.lang == "ko"
    blocks = []
    for k, p in enumerate(paragraphs(art)):
        blocks.append(
            f'<div class="c-stack" data-style-direction="vertical" data-fusion-component='
            f'"text-{k}"><div class="b-article-body__item"><p class="c-paragraph">'
            f"{escape(p)}</p></div></div>"
        )
        if k == 0:
            for i in art.images:
                cap, credit = caption_parts(i)
                blocks.append(
                    '<figure class="c-media-item" data-testid="image"><div class="c-image-wrapper">'
                    f'<img class="c-image" src="{i.url}" alt="" loading="lazy" width="800"></div>'
                    f'<figcaption class="c-media-item__fig-caption"><span class="c-media-item__'
                    f'caption">{escape(cap)}</span> <span class="c-media-item__credit">'
                    f"{escape(credit)}</span></figcaption></figure>"
                )
    byline = byline_people(art)
    attribution = ""
    if byline:
        attribution = (
            '<div class="c-attribution b-byline" data-testid="byline"><span class="c-attribution'
            f'__by">By</span> <a class="c-link" href="/people/{art.index}/">{escape(byline)}</a>'
            "</div>"
        )
    label = "입력" if ko else "Published :"
    when = ko_when(art.published, 1) if ko else en_when(art.published, style_of(art))
    fusion = json.dumps(
        {
            "headline": {"basic": art.title},
            "content_elements": [{"type": "text", "content": p} for p in paragraphs(art)],
        },
        ensure_ascii=False,
    )
    sub = f'<h2 class="c-heading b-subheadline">{escape(art.subtitle)}</h2>' if art.subtitle else ""
    return (
        head(art, suffixed(art), jsonld(art, "Z"))
        + '<body><div id="fusion-app" class="layout-section"><div class="b-header-nav-chain">'
        f'<div class="c-stack"><nav aria-label="Sections"><ul>{nav(40, ko)}</ul></nav></div></div>'
        '<div class="c-stack b-single-column-regular" data-style-direction="vertical" '
        'data-style-justification="start"><div class="c-stack" data-testid="article-heading">'
        '<div class="b-overline"><a class="c-overline" href="/National">National</a></div>'
        f'<div class="c-stack"><h1 class="c-heading b-headline">{escape(art.title)}</h1>{sub}</div>'
        f'<div class="c-stack b-byline-wrap">{attribution}<time class="c-date b-date" datetime="'
        f'{art.published.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}">{label} {when}</time></div></div>'
        '<div class="b-share-bar" data-testid="share"><button aria-label="Share on Facebook">'
        'Facebook</button><button aria-label="Share on X">X</button><button aria-label="Copy '
        'link">Copy link</button></div><div class="c-stack b-article-body" data-testid='
        f'"article-body">{"".join(blocks)}</div><div class="b-tag-list"><a class="c-button" '
        'href="/tags/korea">Korea</a><a class="c-button" href="/tags/economy">economy</a></div>'
        "</div></div>"
        f'<script id="fusion-metadata" type="application/javascript">window.Fusion=window.Fusion'
        f"||{{}};Fusion.globalContent={fusion};</script></body></html>"
    )


def caption_parts(img: Image) -> tuple[str, str]:
    """The printed caption split where a design prints the credit in its own element."""
    cut = len(img.caption or "")
    return img.printed[:cut], img.printed[cut:].strip()


def portal(art: Article) -> str:
    """A Korean portal article view: #dic_area with <br> text, datestamp spans, a reporter card."""
    ko = art.lang == "ko"
    people = names(art)
    if ko:
        journalist = "".join(
            f'<em class="media_end_head_journalist_name">{escape(n)} 기자</em>' for n in people
        )
        terms = ("입력", "수정")
    else:
        journalist = (
            f'<em class="media_end_head_journalist_name">{escape(en_byline(art) or "")}</em>'
            if en_byline(art)
            else ""
        )
        terms = ("Published :", "Updated :")
    form = 0 if art.index % 2 else 1

    def when(d: datetime) -> str:
        return ko_when(d, form) if ko else en_when(d, style_of(art))

    # The term and the time are two adjacent spans with no space between, as portals print them.
    stamps = (
        '<div class="media_end_head_info_datestamp_bunch"><span class="media_end_head_info_'
        f'datestamp_term">{terms[0]}</span><span class="media_end_head_info_datestamp_time '
        f'_ARTICLE_DATE_TIME" data-date-time="{art.published:%Y-%m-%d %H:%M:%S}">'
        f"{when(art.published)}</span></div>"
    )
    if art.updated:
        stamps += (
            '<div class="media_end_head_info_datestamp_bunch"><span class="media_end_head_info_'
            f'datestamp_term">{terms[1]}</span><span class="media_end_head_info_datestamp_time '
            f'_ARTICLE_MODIFY_DATE_TIME" data-modify-date-time="{art.updated:%Y-%m-%d %H:%M:%S}">'
            f"{when(art.updated)}</span></div>"
        )
    photos = "".join(
        f'<span class="end_photo_org"><img src="{i.url}" id="img{k + 1}" alt="">'
        f'<em class="img_desc">{escape(i.printed)}</em></span><br>'
        for k, i in enumerate(art.images)
    )
    text = "<br><br>".join(escape(p) for p in paragraphs(art))
    cards = ""
    for name, email in art.authors:
        shown = f"{name} 기자" if ko else name
        mail = f" ({email})" if email else ""
        cards += (
            '<div class="media_journalistcard"><div class="media_journalistcard_summary_name">'
            f'<span class="media_journalistcard_summary_name_text">{escape(shown)}{mail}</span>'
            '</div><div class="media_journalistcard_summary_text">구독자 1,204 응원수 88</div>'
            f'<a class="media_journalistcard_link" href="/journalist/{art.index}">'
            f"{'기자 다른 기사 보기' if ko else 'Articles by ' + escape(name)}</a>"
            '<button type="button" class="button_subscribe">구독</button></div>'
        )
    popular = "".join(
        f'<li><a href="{o.url}"><strong class="rankingnews_title">{escape(o.title)}</strong></a>'
        f'<span class="rankingnews_time">{o.published:%Y-%m-%d %H:%M}</span></li>'
        for o in others(art, 10)
    )
    return (
        head(art, art.title)
        + '<body><div id="ct" class="newsct" role="main"><div class="media_end_head go_trans">'
        '<div class="media_end_head_top"><a class="media_end_head_top_logo" href="/press/016">'
        '<img alt="헤럴드경제" src="/logo.png"></a></div><div class="media_end_head_title">'
        f'<h2 id="title_area" class="media_end_head_headline"><span>{escape(art.title)}</span></h2>'
        '</div><div class="media_end_head_info nv_notrans"><div class="media_end_head_journalist">'
        f'<a class="media_end_head_journalist_box" href="/journalist/{art.index}">{journalist}</a>'
        f'</div><div class="media_end_head_info_datestamp">{stamps}</div>'
        '<div class="media_end_head_info_variety"><a class="media_end_head_cmtcount_button">'
        "댓글</a><button>공감</button><button>공유</button><button>글자 크기 변경</button>"
        '</div></div></div><div id="contents" class="newsct_body"><div id="newsct_article" '
        'class="newsct_article _article_body"><article id="dic_area" class="go_trans '
        f'_article_content">{photos}{text}</article></div>'
        f'<div class="reporter_area">{cards}</div><div class="copyright"><p>Copyright ⓒ '
        "헤럴드경제. All rights reserved. 무단 전재 및 재배포 및 AI 학습 이용 금지.</p></div>"
        '<div class="categorize"><p>기사 섹션 분류 안내: 기사의 섹션 정보는 해당 언론사의 '
        "분류를 따르고 있습니다.</p></div></div>"
        '<div class="rankingnews"><h4 class="rankingnews_head">많이 본 뉴스</h4>'
        f"<ul>{popular}</ul></div></div></body></html>"
    )


def amp(art: Article) -> str:
    """An AMP page: the Published line first, no byline, amp-img in figures, JSON-LD."""
    ko = art.lang == "ko"
    label = "입력" if ko else "Published :"
    when = ko_when(art.published, 0) if ko else en_when(art.published, style_of(art))
    upd = ""
    if art.updated:
        upd_label = "수정" if ko else "Updated :"
        upd_when = ko_when(art.updated, 0) if ko else en_when(art.updated, style_of(art))
        upd = f" {upd_label} {upd_when}"
    figures = "".join(
        f'<figure class="amp-fig"><amp-img src="{i.url}" width="800" height="533" '
        f'layout="responsive" alt=""></amp-img><figcaption>{escape(i.printed)}</figcaption>'
        "</figure>"
        for i in art.images
    )
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(art))
    sub = f'<p class="amp-sub">{escape(art.subtitle)}</p>' if art.subtitle else ""
    extra = (
        '<script async src="https://cdn.ampproject.org/v0.js"></script>'
        "<style amp-boilerplate>body{visibility:hidden}</style>"
        "<style amp-custom>.amp-title{font-size:24px}.amp-date{color:#777}</style>"
        + jsonld(art, "offset")
    )
    page = head(art, suffixed(art), extra).replace('<html lang="', '<html amp lang="', 1)
    return (
        page + '<body><header class="amp-header"><a href="/"><amp-img src="/logo.png" width="180" '
        'height="30" alt="The Korea Herald"></amp-img></a><button on="tap:sidebar.toggle">Menu'
        '</button></header><amp-sidebar id="sidebar" layout="nodisplay" side="left">'
        f'<ul>{nav(20, ko)}</ul></amp-sidebar><main><article class="amp-article">'
        f'<div class="amp-date">{label} {when}{upd}</div>'
        f'<h1 class="amp-title">{escape(art.title)}</h1>{sub}{figures}'
        f'<div class="amp-body">{text}</div><amp-social-share type="facebook" width="40" '
        'height="40"></amp-social-share><amp-social-share type="twitter" width="40" height="40">'
        '</amp-social-share><amp-ad width="300" height="250" type="adsense"></amp-ad>'
        '</article></main><footer class="amp-footer">Copyright Herald Corporation. All Rights '
        "Reserved.</footer></body></html>"
    )


def mobile(art: Article) -> str:
    """A mobile page: date and byline on one line without a label, a generic <title>."""
    ko = art.lang == "ko"
    if ko:
        info = ko_when(art.published, 1)
    else:
        info = en_when(art.published, "ap")
        if en_byline(art):
            info += f" {en_byline(art)}"
    photos = "".join(
        f'<div class="img_wrap"><img src="{i.url}" alt=""><span class="caption">'
        f"{escape(i.printed)}</span></div>"
        for i in art.images
    )
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(art))
    site = "헤럴드경제" if ko else "The Korea Herald"
    return (
        head(art, site) + '<body class="m"><div class="m-top"><a class="m-logo" href="/">'
        f'{site}</a><button class="m-menu">Menu</button></div><div class="m-view">'
        f'<div class="m-cate">News</div><h1 class="m-tit">{escape(art.title)}</h1>'
        f'<p class="m-info">{escape(info)}</p><div class="m-body">{photos}{text}</div>'
        '<div class="m-share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">URL copy'
        "</a></div></div>"
        f'<div class="m-foot"><a href="/">PC version</a> ⓒ {site}</div></body></html>'
    )


def chrome(art: Article) -> str:
    """Heavy chrome: cookie banner, mega menu, popular and related lists, newsletter, footer."""
    ko = art.lang == "ko"
    menu = "".join(
        f'<div class="mega-col"><h3>{"부문" if ko else "Desk"} {c}</h3><ul>{nav(30, ko)}</ul></div>'
        for c in range(10)
    )
    pop = others(art, 10)
    if ko:
        popular = "".join(
            f'<li><span class="rank">{k + 1}</span><a href="{o.url}">{escape(o.title)}</a>'
            f'<span class="date">{o.published:%Y-%m-%d %H:%M}</span></li>'
            for k, o in enumerate(pop)
        )
        related = "".join(
            f'<li><a href="{o.url}"><strong>{escape(o.title)}</strong><p>'
            f'{escape(o.paragraphs[0][:60])}</p></a><span class="writer">'
            f"{escape(o.authors[0][0]) + ' 기자' if o.authors else '헤럴드경제'}</span></li>"
            for o in others(art, 14)[10:]
        )
    else:
        popular = "".join(
            f'<li><span class="rank">{k + 1}</span><a href="{o.url}">{escape(o.title)}</a>'
            f'<span class="date">{en_when(o.published, "ap", time=False)}</span></li>'
            for k, o in enumerate(pop)
        )
        related = "".join(
            f'<li><a href="{o.url}"><strong>{escape(o.title)}</strong><p>'
            f'{escape(o.paragraphs[0][:120])}</p></a><span class="writer">'
            f"{escape(en_byline(o) or 'By Korea Herald')}</span></li>"
            for o in others(art, 14)[10:]
        )
    byline = en_byline(art)
    writer = f'<div class="writer">{escape(byline)}</div>' if byline else ""
    if ko:
        dates = f"<li>입력 {ko_when(art.published, 0)}</li>"
        if art.updated:
            dates += f"<li>수정 {ko_when(art.updated, 0)}</li>"
    else:
        dates = f"<li>Published : {en_when(art.published, style_of(art))}</li>"
        if art.updated:
            dates += f"<li>Updated : {en_when(art.updated, style_of(art))}</li>"
    photos = "".join(
        f'<div class="photo"><img src="{i.url}" alt=""><p class="photo-caption">'
        f"{escape(i.printed)}</p></div>"
        for i in art.images
    )
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(art))
    sub = f'<h2 class="subhead">{escape(art.subtitle)}</h2>' if art.subtitle else ""
    return (
        head(art, suffixed(art))
        + '<body><div id="cookie-banner" class="cookie"><p>We use cookies to improve your '
        "experience on our website, to personalise content and ads, and to analyse our "
        "traffic. We also share information about your use of our site with our advertising "
        "and analytics partners, who may combine it with other information that you have "
        "provided to them.</p><p>By continuing to browse this site you agree to our use of "
        "cookies as described in our privacy policy.</p><button>Accept all</button><button>"
        'Settings</button></div><header class="gnb"><a class="logo" href="/">'
        f'<img src="/logo.svg" alt="logo"></a><nav class="mega-menu">{menu}</nav></header>'
        '<div class="container"><div class="row"><div class="col-8 main-col">'
        f'<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/s">News</a></div>'
        f'<h1 class="headline">{escape(art.title)}</h1>{sub}{writer}'
        f'<ul class="date-info">{dates}</ul><div class="share"><a class="fb" href="#">Facebook'
        '</a><a class="tw" href="#">Twitter</a><a class="kakao" href="#">KakaoTalk</a>'
        '<a class="mail" href="#">Email</a><a class="print" href="#">Print</a></div>'
        f'<div class="story-body">{photos}{text}</div><div class="newsletter-box"><h3>Get the '
        "morning briefing</h3><p>Sign up for our free newsletter and receive the day's top "
        "stories from Korea and the region in your inbox every weekday morning, with analysis "
        'from our reporters and editors.</p><form><input type="email" placeholder="Your email'
        '"><button>Subscribe</button></form></div><div class="related"><h3>'
        f"{'관련기사' if ko else 'Related articles'}</h3><ul>{related}</ul></div></div>"
        '<div class="col-4 side-col"><div class="most-popular"><h3>'
        f"{'많이 본 뉴스' if ko else 'Most Popular'}</h3><ol>{popular}</ol></div>"
        '<div class="ad-box">ADVERTISEMENT</div></div></div></div><footer class="site-foot">'
        '<ul class="foot-links"><li><a href="/about">About us</a></li><li><a href="/privacy">'
        'Privacy policy</a></li><li><a href="/contact">Contact</a></li></ul><address>Herald '
        "Corporation, Huam-ro 4-gil 10, Yongsan-gu, Seoul 04336, Korea. Tel: +82-2-727-0114. "
        "Registration No.: Seoul-A00001. Publisher and editor: Herald Corporation.</address>"
        "<p>Copyright Herald Corporation. All Rights Reserved.</p></footer></body></html>"
    )


def divhead(art: Article) -> str:
    """The headline in a div, the site logo in the only <h1>, the dateline after the body."""
    ko = art.lang == "ko"
    byline = en_byline(art)
    by = f'<div class="art_writer">{escape(byline)}</div>' if byline else ""
    if ko:
        # A Korean date line with seconds after the body (site notes section 9).
        stamp = f"입력 {art.published:%Y-%m-%d %H:%M:%S}"
        if art.updated:
            stamp += f" 수정 {art.updated:%Y-%m-%d %H:%M:%S}"
    else:
        stamp = f"Published : {en_when(art.published, style_of(art))}"
        if art.updated:
            stamp += f" Updated : {en_when(art.updated, style_of(art))}"
    photos = "".join(
        f'<div class="art_photo"><img src="{i.url}" alt=""><div class="art_photo_txt">'
        f"{escape(i.printed)}</div></div>"
        for i in art.images
    )
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(art))
    sub = f'<div class="art_subtit">{escape(art.subtitle)}</div>' if art.subtitle else ""
    site = "헤럴드경제" if ko else "The Korea Herald"
    return (
        head(art, suffixed(art))
        + f'<body><div id="wrap"><div id="header"><h1 class="logo"><a href="/"><img src='
        f'"/img/logo.png" alt="{site}"></a></h1><ul class="gnb">{nav(12, ko)}</ul></div>'
        '<div id="container"><div class="art_view"><div class="art_head">'
        f'<div class="art_tit">{escape(art.title)}</div>{sub}{by}</div>'
        f'<div class="art_cont">{photos}{text}</div><div class="art_date">{stamp}</div>'
        '<div class="art_btns"><a href="#">Print</a> <a href="#">Font size</a></div></div></div>'
        f'<div id="footer"><p>ⓒ {site}. All rights reserved.</p></div></div></body></html>'
    )


def figures(art: Article) -> str:
    """Figures with figcaption between paragraphs; JSON-LD with a time and no offset."""
    ko = art.lang == "ko"
    byline = en_byline(art)
    by = f'<p class="byline">{escape(byline)}</p>' if byline else ""
    if ko:
        line = f"기사입력 {ko_when(art.published, 2 if art.index % 2 else 0)}"
        if art.updated:
            line += f"&nbsp;&nbsp;&nbsp;최종수정 {ko_when(art.updated, 2 if art.index % 2 else 0)}"
    else:
        line = f"Published : {en_when(art.published, style_of(art))}"
        if art.updated:
            gap = "&nbsp;" * 6
            line += f"{gap}Updated : {escape(en_when(art.updated, style_of(art)))}"
    parts: list[str] = []
    imgs = list(art.images)
    for k, p in enumerate(paragraphs(art)):
        parts.append(f"<p>{escape(p)}</p>")
        # A photo after the first and the third paragraphs.
        if imgs and k in (0, 2):
            i = imgs.pop(0)
            parts.append(
                f'<figure class="art-figure"><img src="{i.url}" alt="" loading="lazy">'
                f"<figcaption>{escape(i.printed)}</figcaption></figure>"
            )
    for i in imgs:
        parts.append(
            f'<figure class="art-figure"><img src="{i.url}" alt=""><figcaption>'
            f"{escape(i.printed)}</figcaption></figure>"
        )
    sub = f'<p class="standfirst">{escape(art.subtitle)}</p>' if art.subtitle else ""
    return (
        head(art, art.title, jsonld(art, "naive"))
        + '<body><div class="page"><header class="masthead"><a href="/">'
        f'<img src="/logo.svg" alt="masthead"></a><nav><ul>{nav(15, ko)}</ul></nav></header>'
        '<main class="story"><header class="article-header">'
        f'<h1>{escape(art.title)}</h1>{sub}{by}<p class="dateline">{line}</p></header>'
        f'<section class="article-body">{"".join(parts)}</section></main>'
        '<footer class="colophon">Copyright Herald Corporation.</footer></div></body></html>'
    )


TEMPLATES: dict[str, Callable[[Article], str]] = {
    "wordpress": wordpress,
    "arc": arc,
    "portal": portal,
    "amp": amp,
    "mobile": mobile,
    "chrome": chrome,
    "divhead": divhead,
    "figures": figures,
}


# ---------------------------------------------------------------------------------------------
# Comparison with the truth records


def fold(text: str | None) -> str:
    return " ".join((text or "").split())


@cache
def extracted(template: str, index: int) -> dict | str:
    """The extractor's record of one page, or the error it raised (as text)."""
    art = replica().article(index)
    body = TEMPLATES[template](art).encode("utf-8")
    try:
        return extract_article(body, art.url, {"Content-Type": "text/html; charset=utf-8"})
    except Exception as exc:  # a page the extractor refused is a miss, not a crash of the check
        return f"{type(exc).__name__}: {exc}"


def expected(art: Article, field: str) -> object:
    truth = art.record(FETCHED)
    if field == "title":
        return fold(truth["title"])
    if field == "published":
        return datetime.fromisoformat(truth["published"])
    if field == "authors":
        return ([a["name"] for a in truth["authors"]], truth["agency"])
    if field == "body":
        return [fold(p) for p in truth["body"].split("\n\n")]
    if field == "captions":
        return [fold(i["caption"]) for i in truth["images"]]
    raise ValueError(field)


def got(record: dict, field: str) -> object:
    if field == "title":
        return fold(record.get("title"))
    if field == "published":
        value = record.get("published")
        return datetime.fromisoformat(value) if value else None
    if field == "authors":
        return ([a["name"] for a in record.get("authors") or []], record.get("agency"))
    if field == "body":
        return [fold(p) for p in (record.get("body") or "").split("\n\n") if p.strip()]
    if field == "captions":
        return [fold(i.get("caption")) for i in record.get("images") or []]
    raise ValueError(field)


FIELDS = ("title", "published", "authors", "body", "captions")


def check(template: str, field: str) -> tuple[int, list[str]]:
    """How many articles give the right field, and a line for each one that does not."""
    right, misses = 0, []
    for art in articles():
        record = extracted(template, art.index)
        want = expected(art, field)
        have = got(record, field) if isinstance(record, dict) else record
        if have == want:
            right += 1
        else:
            misses.append(f"{art.url} [{art.layout}]\n  expected {want!r}\n  got      {have!r}")
    return right, misses


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("template", list(TEMPLATES))
def test_redesign_field(template: str, field: str) -> None:
    right, misses = check(template, field)
    total = len(articles())
    assert not misses, f"{template}/{field}: {right}/{total} right; first misses:\n" + "\n".join(
        misses[:SHOW]
    )


def test_articles_cover_both_sites_and_every_era() -> None:
    arts = articles()
    assert {a.site for a in arts} == {"koreaherald", "heraldbiz"}
    assert {a.layout for a in arts} >= {
        "kh-2014",
        "kh-legacy",
        "kh-transitional",
        "kh-current",
        "hb-2014",
        "hb-legacy",
        "hb-current",
    }


def test_published_is_korea_time() -> None:
    """A literal from the notes' own example: 2019-08-21 16:13 in Korea is 07:13 UTC."""
    when = datetime(2019, 8, 21, 16, 13, tzinfo=KST)
    assert en_when(when, "ap") == "Aug. 21, 2019 - 16:13"
    assert ko_when(when, 2) == "2019. 8. 21. 오후 4:13"
    assert when.astimezone(UTC).hour == 7


if __name__ == "__main__":
    for name in TEMPLATES:
        row = []
        for field in FIELDS:
            right, _ = check(name, field)
            row.append(f"{field} {right}/{len(articles())}")
        print(f"{name:10s} " + "  ".join(row))
