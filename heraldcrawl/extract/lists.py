"""List pages (section lists, legacy `list.php`, reporter pages): the links they list, the date
printed beside each, and the link to the next page. A pure function of bytes and URL, like
`extract_article`, so it runs in the extraction workers too.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from heraldcrawl.extract.page import MAX_NODES, Page, join_url
from heraldcrawl.normalize import parse_date

__all__ = ["LIST_ITEMS", "read_list"]

# List items of each list design; the "Most Popular" and "Latest News" blocks are not in them.
LIST_ITEMS = (
    "ul.main_sec_li > li",
    "ul.category_detail_list > li",
    "article.recent_news ul.news_list > li",
    "div.list_area ul > li",
)
# The list designs' own containers: a page with one of them and no items is a real empty page
# (past a list's end); a page with none is not a list page at all (an error page served 200).
LIST_CONTAINERS = (
    "ul.main_sec_li",
    "ul.category_detail_list",
    "article.recent_news ul.news_list",
    "div.list_area",
    "div.pagination",
    "ul.paging",
)
NEXT_LINKS = ("div.pagination a.next", "a[rel=next]")
PAGER_LINKS = "ul.paging a"
# Inside one list item: its first link, and the text of whatever element is classed as a date.
_HREFS = etree.XPath("descendant-or-self::a/@href")
_DATE_TEXT = etree.XPath("descendant-or-self::*[contains(@class, 'date')]//text()")
_BASE_HREF = etree.XPath("/html/head/base/@href")
_UD_DATE = re.compile(r"ud=(\d{4})(\d{2})(\d{2})\d{6}")
_NP = re.compile(r"[?&]np=(\d{1,9})(?!\d)")
# Longer links are not article links; they are not read.
_HREF_MAX = 2048
# A list page lists 10 to 60 articles; a page listing more is read up to this many.
MAX_ITEMS = 1000


def base_url(page: Page, url: str) -> str:
    """What relative links resolve against: the page's `<base href>` if any, else its URL."""
    base = _BASE_HREF(page.root)
    href = base[0].strip() if base else ""
    return (join_url(url, href) or url) if href else url


def list_items(
    page: Page, base: str, broken: list[str] | None = None
) -> list[tuple[str, datetime | None]]:
    """(absolute article URL, printed list date or None) of the page's own listing. Links no
    URL can be made of are dropped, and added to `broken` when given."""
    items: list[tuple[str, datetime | None]] = []
    for query in LIST_ITEMS:
        for li in page.css(query)[: MAX_ITEMS - len(items)]:
            hrefs = _HREFS(li)
            if not hrefs or not hrefs[0].strip():
                continue
            href = hrefs[0].strip()
            url = join_url(base, href) if len(href) <= _HREF_MAX else None
            if url is None:
                if broken is not None:
                    broken.append(href[:200])
                continue
            listed = parse_date(" ".join(_DATE_TEXT(li)), fallback=False)
            if listed is None and (m := _UD_DATE.search(url, 0, _HREF_MAX)):
                # The legacy id's date is a coarse hint (a day off at times), enough to know
                # when a walk has passed the window.
                listed = parse_date(f"{m[1]}-{m[2]}-{m[3]}", fallback=False)
            items.append((url, listed))
    return items


def next_page(page: Page, base: str, url: str) -> str | None:
    """The next list page: a "next" link, else the legacy pager's following `np` number."""
    for query in NEXT_LINKS:
        for link in page.css(query)[:MAX_NODES]:
            href = (link.get("href") or "").strip()
            if href and len(href) <= _HREF_MAX and (joined := join_url(base, href)):
                return joined
    page_no = legacy_page_no(url)
    if page_no is None:
        return None
    last = last_page(page)
    if last is None or page_no >= last:
        return None
    return legacy_page_url(url, page_no + 1)


def legacy_page_no(url: str) -> int | None:
    """The page number of a legacy `list.php` URL (`np`; 1 when missing or unreadable), or
    None for any other list."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.path.endswith("list.php"):
        return None
    try:
        return int((parse_qs(parts.query).get("np") or ["1"])[0] or 1)
    except ValueError:
        return 1


def legacy_page_url(url: str, page_no: int) -> str:
    """Page `page_no` of the legacy list `url` (`np` starts at 1, site-notes section 3)."""
    parts = urlsplit(url)
    ct = (parse_qs(parts.query).get("ct") or [""])[0]
    return f"{parts.scheme}://{parts.netloc}{parts.path}?ct={ct}&np={page_no}"


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
    """{"items": [[article URL, list date as ISO text or None], ...], "next": URL or None,
    "last": the pager's highest page number or None, "design": whether the page is in one of
    the list designs at all}.

    Plain JSON types, so a worker's reply needs no conversion; `items` is empty when the page
    has none of the known list designs. Item links no URL can be made of are dropped; then
    `"broken"` holds how many.
    """
    page = Page(body, url, {"content-type": content_type} if content_type else None)
    base = base_url(page, url)
    broken: list[str] = []
    items = [[u, d.isoformat() if d else None] for u, d in list_items(page, base, broken)]
    found = {
        "items": items,
        "next": next_page(page, base, url) if items else None,
        "last": last_page(page),
        "design": bool(items) or any(page.css(query) for query in LIST_CONTAINERS),
    }
    if broken:
        found["broken"] = len(broken)
    return found
