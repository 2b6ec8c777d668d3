"""Article extraction: a pure function of the fetched bytes and URL.

    from heraldcrawl.extract import extract_article
    record = extract_article(body, url, headers)

It needs no crawl engine, network or settings, so it runs the same in the spider, in tests and
over stored pages. It raises `NotAnArticle` for pages that are not articles.
"""

from __future__ import annotations

from collections.abc import Mapping

from heraldcrawl.extract.layouts import LAYOUTS, Layout, NotAnArticle, choose_layout
from heraldcrawl.extract.page import Page

__all__ = ["LAYOUTS", "Layout", "NotAnArticle", "extract_article"]


def extract_article(body: bytes, url: str, headers: Mapping | None = None) -> dict:
    """The archive record of one article page (without crawl-only fields such as `fetched_at`).

    `headers` may be a plain dict or Scrapy `Headers`; only `Content-Type` is read, for the
    charset. Raises `NotAnArticle` for an empty body, a list page, an error page or any page
    with no title or no article text.
    """
    if not body or body.isspace():  # isspace: no copy of the page
        raise NotAnArticle(f"{url}: empty body")
    page = Page(body, url, headers)
    return choose_layout(page).extract(page)
