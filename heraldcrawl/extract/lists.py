"""List pages (section lists, legacy `list.php`, reporter pages): the links they list, the date
printed beside each, and the link to the next page. A pure function of bytes and URL, like
`extract_article`, so it runs in the extraction workers too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from heraldcrawl.extract.page import MAX_NODES, Page, compiled, join_url
from heraldcrawl.normalize import clean_text, parse_date
from heraldcrawl.urls import parse_article_url, site_of_host

__all__ = ["CHROME_CLASSES", "LIST_DESIGNS", "LIST_ITEMS", "read_list"]


@dataclass(frozen=True)
class ListDesign:
    """One recorded list design: its items, and inside an item the title and date elements.
    `defers_to`: a more specific design whose items, when it finds any, are the page's whole
    listing; this design's items elsewhere on the page are then other blocks."""

    items: str
    title: str
    date: str
    defers_to: str | None = None


# The list designs of site-notes sections 3 and 8. The "Most Popular" and "Latest News" blocks
# are not in them.
LIST_DESIGNS = (
    # Korea Herald legacy, about 2017-2022.
    ListDesign("ul.main_sec_li > li", "div.main_l_t1", ".date"),
    # Korea Herald legacy, about 2023-2024; not every a.news_link is an article.
    ListDesign("ul.category_detail_list > li", "strong.ellipsis", "p.date"),
    # Korea Herald current section pages, then search results (`.news_list li`, dates
    # printed `2021.10.05 18:42`); an item is read once whichever design finds it.
    ListDesign("article.recent_news ul.news_list > li", ".news_title", ".date"),
    # On a current section page the "Latest News" card (same `ul.news_list` markup) sits
    # outside `article.recent_news`: where the section's listing is, nothing else is listed.
    ListDesign(
        "ul.news_list > li", ".news_title", ".date", "article.recent_news ul.news_list > li"
    ),
    # Herald Business, 2020: relative `view.php?ud=` links.
    ListDesign("div.list > ul > li", "div.list_t1", "div.list_t3"),
)
LIST_ITEMS = tuple(d.items for d in LIST_DESIGNS)
# The list designs' own containers: a page with one of them and no items is a real empty page
# (past a list's end), and the fallback does not run on it; a page with none of these nor a
# pager is not a list page at all (an error page served 200).
LISTINGS = (
    "ul.main_sec_li",
    "ul.category_detail_list",
    "article.recent_news ul.news_list",
    "ul.news_list",
    "div.list > ul",
)
LIST_CONTAINERS = (*LISTINGS, "div.pagination", "ul.paging")
NEXT_LINKS = ("div.pagination a.next", "a[rel=next]")
PAGER_LINKS = "ul.paging a"
# Inside one list item: its links, and the text of whatever element is classed as a date.
_LINKS = etree.XPath("descendant-or-self::a[@href]")
_DATE_TEXT = etree.XPath("descendant-or-self::*[contains(@class, 'date')]//text()")
_BASE_HREF = etree.XPath("/html/head/base/@href")
_UD_DATE = re.compile(r"ud=(\d{4})(\d{2})(\d{2})\d{6}")
_NP = re.compile(r"[?&]np=(\d{1,9})(?!\d)")
# Longer links are not article links; they are not read.
_HREF_MAX = 2048
# A list page lists 10 to 60 articles; a page listing more is read up to this many.
MAX_ITEMS = 1000
# Text read for a title or a date beside a link.
_TEXT_MAX = 300

# The fallback: blocks of a page that are never the page's own listing, matched as whole class
# tokens (lower-cased) or ids, whatever the design. Popular and latest blocks, navigation,
# sidebars, footers.
CHROME_CLASSES = frozenset(
    {
        # "Most Popular", rankings, the "Latest News" card
        "popular",
        "popular_area",
        "popular_list",
        "most_popular",
        "ranking",
        "rank_list",
        "latest",
        "latest_news",
        # sidebars and ad blocks
        "main_r",
        "main_r_tit",
        "view_main_c_li",
        "spot_li",
        "khadv_bg",
        "con_right",
        "sidebar",
        "aside",
        # navigation and pagers
        "gnb",
        "gnb_menu",
        "mega_menu",
        "mobile_menu",
        "nav",
        "navigation",
        "menu",
        "top_bar",
        "breadcrumb",
        "paging",
        "pagination",
        # footers
        "footer",
        "sitemap",
        "sitemap_area",
        "family_site",
    }
)
CHROME_IDS = frozenset({"header", "footer", "gnb", "nav", "sidebar", "aside"})
CHROME_TAGS = frozenset({"nav", "aside", "footer", "script", "style", "noscript"})
# Elements the fallback walks at most (a real list page has a few thousand).
_WALK_MAX = 50_000
# A link's item: its nearest ancestors up to this depth that hold no other item's links.
_ITEM_DEPTH = 3
_ITEM_LINKS = 8


def base_url(page: Page, url: str) -> str:
    """What relative links resolve against: the page's `<base href>` if any, else its URL."""
    base = _BASE_HREF(page.root)
    href = base[0].strip() if base else ""
    return (join_url(url, href) or url) if href else url


def _text(node, limit: int = _TEXT_MAX) -> str:
    """Folded text of an element, read up to `limit` characters."""
    out, size = [], 0
    for piece in node.itertext():
        out.append(piece[: limit - size])
        size += len(out[-1])
        if size >= limit:
            break
    return clean_text("".join(out))


def _article_link(li, base: str, site: str | None) -> tuple[object, str | None, str]:
    """The item's link to an article of `site` (any site when None), never a section label
    link before it (site-notes section 3: not every `a.news_link` is an article); else its
    first link: (element, absolute URL or None when none can be made, href as written)."""
    links = _LINKS(li)[:MAX_NODES]
    first = None
    for link in links:
        href = (link.get("href") or "").strip()
        if not href:
            continue
        url = join_url(base, href) if len(href) <= _HREF_MAX else None
        parsed = parse_article_url(url) if url is not None else None
        if parsed is not None and (site is None or parsed[0] == site):
            return link, url, href
        if first is None:
            first = (link, url, href)
    return first if first is not None else (None, None, "")


def _listed_date(text: str, url: str) -> datetime | None:
    listed = parse_date(text, fallback=False)
    if listed is None and (m := _UD_DATE.search(url, 0, _HREF_MAX)):
        # The legacy id's date is a coarse hint (a day off at times), enough to know when a
        # walk has passed the window.
        listed = parse_date(f"{m[1]}-{m[2]}-{m[3]}", fallback=False)
    return listed


def list_items(
    page: Page,
    base: str,
    broken: list[str] | None = None,
    titles: list[str] | None = None,
    skipped: dict[str, int] | None = None,
    site: str | None = None,
) -> list[tuple[str, datetime | None]]:
    """(absolute article URL, printed list date or None) of the page's own listing, by the
    recorded list designs. Links no URL can be made of are dropped, and added to `broken`
    when given; each item's title is added to `titles` when given. Items that link to no
    article of `site` (`not_article`) and items of blocks that are not the listing ("Most
    Popular", the "Latest News" card, navigation: `other_blocks`) are dropped and counted in
    `skipped` when given."""
    found: list[tuple[str, datetime | None, str, str | None]] = []
    counts = {"not_article": 0, "other_blocks": 0}
    taken: set = set()
    kinds: dict = {}  # block kind of each ancestor looked at, shared by the items
    by_design: dict[str, int] = {}
    for design in LIST_DESIGNS:
        if design.defers_to is not None and by_design.get(design.defers_to):
            # The listing is known: this design's other matches are other blocks.
            matches = page.css(design.items)[:MAX_ITEMS]
            counts["other_blocks"] += sum(1 for li in matches if li not in taken)
            continue
        title_of, date_of = compiled(design.title), compiled(design.date)
        by_design[design.items] = 0
        for li in page.css(design.items)[: MAX_ITEMS - len(found)]:
            if li in taken:
                continue
            taken.add(li)
            link, url, href = _article_link(li, base, site)
            if link is None:
                continue
            if url is None:
                if broken is not None:
                    broken.append(href[:200])
                continue
            parsed = parse_article_url(url)
            if parsed is None or (site is not None and parsed[0] != site):
                counts["not_article"] += 1
                continue
            dated = date_of(li)[:1] or None
            date_text = _text(dated[0]) if dated else " ".join(_DATE_TEXT(li)[:MAX_NODES])
            named = title_of(link)[:1] or title_of(li)[:1]
            title = _text(named[0]) if named else _text(link)
            kind = _block_kind(li, kinds)
            found.append((url, _listed_date(date_text[:_TEXT_MAX], url), title, kind))
            by_design[design.items] += 1
    # The "Latest News" card is told from a listing headed "Latest" (the all-news list) by
    # where it sits: beside a listing of other items.
    plain = any(kind is None for *_, kind in found)
    items: list[tuple[str, datetime | None]] = []
    for url, listed, title, kind in found:
        if kind is not None and (kind != "latest" or plain):
            counts["other_blocks"] += 1
            continue
        items.append((url, listed))
        if titles is not None:
            titles.append(title)
    if skipped is not None:
        for key, count in counts.items():
            if count:
                skipped[key] = skipped.get(key, 0) + count
    return items


# Headings of blocks that are never a listing, read whole (a listing's own heading such as
# "Latest news in National" is not one): "popular" blocks belong to no section, "latest" is the
# site-wide card, which is a listing only where nothing else is listed.
_BLOCK_HEADING = re.compile(
    r"(?P<popular>most\s(?:popular|read|viewed|shared)(?:\s(?:news|stories|articles))?|"
    r"popular(?:\s(?:news|stories|articles))?|많이\s?본(?:\s?(?:뉴스|기사))?|"
    r"인기\s?(?:뉴스|기사))|"
    r"(?P<latest>latest(?:\s(?:news|stories|articles|headlines))?|최신\s?(?:뉴스|기사))",
    re.IGNORECASE,
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Small elements that can carry a block's heading (`<div class="tit"><h3>Most Popular</h3>
# <a class="more">more</a></div>`); bigger ones are content.
_HEADING_HOLDERS = frozenset(
    {*_HEADING_TAGS, "div", "p", "span", "strong", "b", "em", "header", "dt", "label", "caption"}
)
_HEADING_NODES = 8
_HEADING_TEXT = 80
# Ancestors of an item looked at for a heading, and for a chrome class.
_HEADING_DEPTH = 6
_ANCESTOR_MAX = 64
# Siblings before a block skipped over when they hold no text (an ad slot, a spacer).
_BLANK_SIBLINGS = 3


def _heading_kind(text: str) -> str | None:
    m = _BLOCK_HEADING.fullmatch(clean_text(text).strip(" :·|-").lower()[:_HEADING_TEXT])
    return None if m is None else ("popular" if m["popular"] else "latest")


def _as_heading(node) -> tuple[bool, str | None]:
    """(whether the element is a heading, the block kind its words name)."""
    if not isinstance(node.tag, str) or node.tag not in _HEADING_HOLDERS:
        return False, None
    size = 0
    for size, el in enumerate(node.iter(), 1):
        if size > _HEADING_NODES or (isinstance(el.tag, str) and el.tag in ("li", "ul", "ol")):
            return False, None
    text = _text(node, _HEADING_TEXT + 1)
    if not text or len(text) > _HEADING_TEXT:
        return False, None
    if kind := _heading_kind(text):
        return True, kind
    for el in node.iter(*_HEADING_TAGS, "strong", "b", "span", "em", "p"):
        if el is not node and (kind := _heading_kind(_text(el, _HEADING_TEXT))):
            return True, kind
    return node.tag in _HEADING_TAGS or len(node) == 0, None


def _block_kind(li, kinds: dict) -> str | None:
    """Why an item is not the page's listing: `chrome` (navigation, footers, sidebars, by tag,
    id or class), `popular` or `latest` (by the block's class or by what its heading says), or
    None. A heading labels what follows it, so the walk up stops at the first heading and at
    any content before the block."""
    looking, node, depth = True, li.getparent(), 0
    path: list[tuple] = []
    kind = None
    while node is not None and depth < _ANCESTOR_MAX:
        # A heading names a block only for the items it leads: the key keeps them apart, and
        # the items of one list share every answer.
        key = (node, looking, depth)
        if key in kinds:
            kind = kinds[key]
            break
        path.append(key)
        kind = _class_kind(node)
        if kind is None and looking and depth < _HEADING_DEPTH:
            kind, looking = _heading_before(node)
        if kind is not None:
            break
        node, depth = node.getparent(), depth + 1
    for key in path:
        kinds[key] = kind
    return kind


def _heading_before(node) -> tuple[str | None, bool]:
    """(the kind a heading just before `node` or leading its parent names, whether to go on
    looking further up)."""
    prev, blank = node.getprevious(), 0
    while prev is not None and blank <= _BLANK_SIBLINGS:
        is_heading, kind = _as_heading(prev)
        if is_heading:
            return kind, False
        if _has_text(prev) or prev.find(".//a") is not None:
            return None, False  # content before the block: a heading above labels it
        prev, blank = prev.getprevious(), blank + 1
    parent = node.getparent()
    if parent is not None and (lead := clean_text((parent.text or "")[: _HEADING_TEXT * 2])):
        return _heading_kind(lead), False
    return None, True


def _has_text(node) -> bool:
    # Past a few hundred text nodes it is content, whatever they hold.
    return any(k >= MAX_NODES or piece.strip() for k, piece in enumerate(node.itertext()))


def _class_kind(node) -> str | None:
    if not _is_chrome(node):
        return None
    tokens = set((node.get("class") or "")[:500].lower().split())
    if tokens & _LATEST_CLASSES:
        return "latest"
    return "popular" if tokens & _POPULAR_CLASSES else "chrome"


_LATEST_CLASSES = frozenset({"latest", "latest_news"})
_POPULAR_CLASSES = frozenset({"popular", "popular_area", "popular_list", "most_popular"})


def _is_chrome(node) -> bool:
    if not isinstance(node.tag, str):
        return True  # comments and processing instructions
    if node.tag in CHROME_TAGS or (node.get("id") or "").strip().lower() in CHROME_IDS:
        return True
    classes = node.get("class")
    return bool(classes) and not CHROME_CLASSES.isdisjoint(classes[:500].lower().split())


# Headings of blocks that are not a section's own listing, in either paper's words.
_CHROME_LABEL = re.compile(
    r"^(?:most\s(?:popular|read|viewed)|latest\snews|trending|popular|top\s(?:news|stories)|"
    r"editor'?s\s(?:picks?|choice)|related(?:\s(?:news|articles|stories))?|breaking|"
    r"많이\s?본|인기|최신\s?뉴스|실시간|주요\s?뉴스|관련\s?기사|추천)",
    re.IGNORECASE,
)
_LABEL_MAX = 40


def _label(node) -> str:
    text = clean_text((node.text or "")[: _LABEL_MAX * 2])
    if not text and len(node) and isinstance(node[0].tag, str) and node[0].tag != "a":
        text = _text(node[0], _LABEL_MAX * 2)
    return text if len(text) <= _LABEL_MAX else ""


def _labelled_chrome(node) -> bool:
    """A block headed "Most Popular", "Latest News", "많이 본 뉴스"...: found by what its
    heading says, whatever its class."""
    if _CHROME_LABEL.match(_label(node)):
        return True
    prev = node.getprevious()
    return (
        prev is not None
        and isinstance(prev.tag, str)
        and prev.tag != "a"
        and len(prev) <= 1
        and bool(_CHROME_LABEL.match(_label(prev)))
    )


def _links_outside_chrome(root, skip_labelled: bool = True) -> list:
    """Every `a[href]` of the page outside chrome blocks, in document order; with
    `skip_labelled`, also outside blocks headed like chrome ("Most Popular")."""
    out, stack, walked = [], [root], 0
    while stack and walked < _WALK_MAX and len(out) < 20 * MAX_ITEMS:
        node = stack.pop()
        walked += 1
        if _is_chrome(node) or (
            skip_labelled and node.tag != "a" and len(node) and _labelled_chrome(node)
        ):
            continue
        if node.tag == "a" and node.get("href"):
            out.append(node)
        stack.extend(reversed(node))
    return out


_HEADING = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::strong]"
)


def _link_title(link) -> str:
    """A link's text without the parts of it that are only a date (list cards print the date
    inside the link); a card that is one link holding a heading is titled by the heading."""
    for heading in _HEADING(link)[:4]:
        if text := _text(heading):
            return text
    pieces = [link.text or ""]
    for child in link[:MAX_NODES]:
        if isinstance(child.tag, str):
            text = _text(child)
            if not (len(text) <= 40 and parse_date(text, fallback=False)):
                pieces.append(text)
        pieces.append(child.tail or "")
    return clean_text("".join(pieces))[:_TEXT_MAX]


def _holds_other_article(node, base: str, key: str) -> bool:
    """Whether an element links to an article other than `key` (then it is more than one
    item); past a few links it is taken to hold several."""
    for k, link in enumerate(node.iter("a")):
        if k >= _ITEM_LINKS:
            return True
        href = (link.get("href") or "").strip()
        joined = join_url(base, href) if href and len(href) <= _HREF_MAX else None
        parsed = parse_article_url(joined) if joined else None
        if parsed is not None and ":".join(parsed) != key:
            return True
    return False


def fallback_items(
    page: Page, base: str, url: str, titles: list[str] | None = None, labelled: bool = True
) -> list[tuple[str, datetime | None]]:
    """The listing found by what it links to, never by class names: every link to an article
    of the page's site outside chrome blocks, in document order, one item an article. The date
    is the one printed in the link's item (its nearest ancestors holding no other links).
    Without `labelled`, blocks headed like chrome are never taken for the listing."""
    site = _site_of(url)
    items = _fallback_pass(page, base, site, titles, skip_labelled=True)
    if not items and labelled:
        # Only blocks headed like chrome link to articles: one of them is the listing.
        if titles is not None:
            titles.clear()
        items = _fallback_pass(page, base, site, titles, skip_labelled=False)
    return items


def _site_of(url: str) -> str | None:
    try:
        return site_of_host(urlsplit(url).hostname)
    except ValueError:
        return None


def _fallback_pass(
    page: Page, base: str, site: str | None, titles: list[str] | None, *, skip_labelled: bool
) -> list[tuple[str, datetime | None]]:
    items: list[tuple[str, datetime | None]] = []
    seen: dict[str, int] = {}
    for link in _links_outside_chrome(page.root, skip_labelled):
        href = link.get("href").strip()
        joined = join_url(base, href) if href and len(href) <= _HREF_MAX else None
        parsed = parse_article_url(joined) if joined else None
        if parsed is None or (site is not None and parsed[0] != site):
            continue
        title = _link_title(link)
        key = ":".join(parsed)
        if key in seen:
            # An image link and a title link to one article: the title is the one with text.
            if titles is not None and not titles[seen[key]]:
                titles[seen[key]] = title
            continue
        item, node = link, link
        for _ in range(_ITEM_DEPTH):
            node = node.getparent()
            if node is None or _holds_other_article(node, base, key):
                break
            item = node
        seen[key] = len(items)
        items.append((joined, _listed_date(_text(item), joined)))
        if titles is not None:
            titles.append(title)
        if len(items) >= MAX_ITEMS:
            break
    return items


_NEXT_WORDS = re.compile(
    r"^(?:next(?:\s(?:page|stories|articles))?|older(?:\s(?:posts|stories))?|load\smore|"
    r"다음(?:\s?페이지)?|›|»|>|→|>>)$",
    re.IGNORECASE,
)
_REL_NEXT = etree.XPath("//link[@rel='next']/@href | //a[contains(@rel, 'next')]/@href")
_ANCHORS = etree.XPath("//a[@href]")
_PAGE_NO = re.compile(r"[?&](?:np|page|pg|p)=(\d{1,6})(?!\d)")


def _usable_next(base: str, url: str, href: str) -> str | None:
    href = href.strip()
    if not href or len(href) > _HREF_MAX or href.startswith(("#", "javascript:")):
        return None
    joined = join_url(base, href)
    if joined is None or joined == url or parse_article_url(joined) is not None:
        return None
    return joined


def next_page(page: Page, base: str, url: str) -> str | None:
    """The next list page: a "next" link, the legacy pager's following `np` number, else the
    page's own link that says "next" (`rel=next`, `Next`, `다음 페이지`, `Load more`, `›`) or
    that is numbered one past this page. Never a page URL built by guesswork."""
    for query in NEXT_LINKS:
        for link in page.css(query)[:MAX_NODES]:
            href = (link.get("href") or "").strip()
            if href and len(href) <= _HREF_MAX and (joined := join_url(base, href)):
                return joined
    page_no = legacy_page_no(url)
    last = last_page(page) if page_no is not None else None
    if page_no is not None and last is not None:
        return legacy_page_url(url, page_no + 1) if page_no < last else None
    for href in _REL_NEXT(page.root)[:MAX_NODES]:
        if joined := _usable_next(base, url, href):
            return joined
    anchors = _ANCHORS(page.root)[: 20 * MAX_ITEMS]
    for link in anchors:
        words = link.get("aria-label") or link.get("title") or _text(link, 40)
        if _NEXT_WORDS.match(clean_text(words)[:40]) and (
            joined := _usable_next(base, url, link.get("href", ""))
        ):
            return joined
    m = _PAGE_NO.search(url, 0, _HREF_MAX)
    want = str(int(m[1]) + 1 if m else 2)
    for link in anchors:
        if _text(link, 12) == want and (joined := _usable_next(base, url, link.get("href", ""))):
            found = _PAGE_NO.search(joined, 0, _HREF_MAX)
            if found and found[1] == want:
                return joined
    return None


def legacy_page_no(url: str) -> int | None:
    """The page number of a legacy `list.php` or reporter-archive URL (`np`; 1 when missing or
    unreadable), or None for any other list."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    # `list.php?ct=`, and the reporter archives `list_reporter.php?byline=...&np=N` (section 3),
    # which page by `np` the same way.
    if not parts.path.endswith(("list.php", "list_reporter.php")):
        return None
    try:
        return int((parse_qs(parts.query).get("np") or ["1"])[0] or 1)
    except ValueError:
        return 1


# Query parameters of a legacy list that name a page, not the list (`mp` is ceil(np/10)).
_PAGE_KEYS = frozenset({"np", "mp"})
_QUERY_PARTS = 50


def legacy_page_url(url: str, page_no: int) -> str:
    """Page `page_no` of the legacy list `url` (`np` starts at 1, site-notes section 3). Every
    other parameter is kept as written: `ct` names a section, `ctv` a series (section 3)."""
    parts = urlsplit(url)
    kept = [
        part
        for part in parts.query.split("&")[:_QUERY_PARTS]
        if part and part.split("=", 1)[0] not in _PAGE_KEYS
    ]
    query = "&".join([*kept, f"np={page_no}"])
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{query}"


_PAGE_PARAM = re.compile(r"([?&]page=)(\d{1,6})(?=&|$)")


def list_page_after(url: str) -> str | None:
    """The page after `url` in a numbered list (legacy `np`, current `?page=`), or None when
    the list is not numbered in its URL. The first page of a current section list has no
    number: its next is `?page=2`."""
    try:
        if (page_no := legacy_page_no(url)) is not None:
            return legacy_page_url(url, page_no + 1)
        parts = urlsplit(url)
    except ValueError:  # no URL can be made of it
        return None
    if m := _PAGE_PARAM.search(url):
        return url[: m.start(2)] + str(int(m[2]) + 1) + url[m.end(2) :]
    if not parts.query and parts.path.strip("/"):
        return f"{url}?page=2"
    return None


def last_page(page: Page) -> int | None:
    """The highest `np` the legacy pager links to (its "Last" link), or None without a pager."""
    pager = " ".join((a.get("href") or "")[:_HREF_MAX] for a in page.css(PAGER_LINKS)[:MAX_ITEMS])
    pages = [int(m) for m in _NP.findall(pager)]
    return max(pages) if pages else None


def read_list(body: bytes, url: str, content_type: str | None = None) -> dict:
    """{"items": [[article URL, list date as ISO text or None], ...], "titles": [each item's
    title], "source": "selector" (a recorded list design), "fallback" (links to articles
    outside chrome blocks, on a page of no known list design) or None (no items), "next": URL or
    None, "last": the pager's highest page number or None, "design": whether the page is a list
    page at all (items, or a list design's container or pager)}.

    Plain JSON types, so a worker's reply needs no conversion. Item links no URL can be made of
    are dropped; then `"broken"` holds how many. Items of a list design dropped are counted
    too: `"not_article"` (no link to an article of the page's site), `"other_blocks"` (in a
    block that is not the listing: "Most Popular", the "Latest News" card, navigation).
    """
    page = Page(body, url, {"content-type": content_type} if content_type else None)
    base = base_url(page, url)
    broken: list[str] = []
    titles: list[str] = []
    skipped: dict[str, int] = {}
    found_items = list_items(page, base, broken, titles, skipped, _site_of(url))
    source = "selector" if found_items else None
    in_blocks = bool(skipped.get("other_blocks"))
    if not found_items and (in_blocks or not any(page.css(query) for query in LISTINGS)):
        # No recorded design on the page (a redesign): the links tell what it lists. A list
        # design's empty container is a list's end, and no fallback runs there. When a design
        # matched only blocks that are not the listing, the listing may be in another design,
        # but those blocks are never taken for it.
        titles = []
        found_items = fallback_items(page, base, url, titles, labelled=not in_blocks)
        source = "fallback" if found_items else None
    items = [[u, d.isoformat() if d else None] for u, d in found_items]
    found = {
        "items": items,
        "titles": titles,
        "source": source,
        "next": next_page(page, base, url) if items else None,
        "last": last_page(page),
        "design": bool(items) or any(page.css(query) for query in LIST_CONTAINERS),
    }
    if broken:
        found["broken"] = len(broken)
    found.update(skipped)
    return found
