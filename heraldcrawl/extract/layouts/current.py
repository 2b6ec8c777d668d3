"""The 2025 design of both papers (`/article/N`): JSON-LD `NewsArticle` and `article#articleText`
[sure for the body, likely for the rest]. The visible date and byline markup is unknown, so the
selectors below are guesses that the content finders back up."""

from __future__ import annotations

import html

from heraldcrawl.extract.layouts.base import Layout
from heraldcrawl.extract.page import Page
from heraldcrawl.normalize import clean_text


class CurrentDesign(Layout):
    signature = ("article.article-body",)
    hints = (b"article-body",)
    scope = "id('articleText')/.."
    title_sel = ("h1.article-title",)
    subtitle_sel = ("h2.article-sub", ".article-head h2")
    byline_sel = ("div.article-head [class*=byline]", "div.article-head [class*=writer]")
    body_sel = ("article#articleText.article-body", "article.article-body")
    image_sel = "article.article-body figure img"
    caption_sel = "article.article-body figcaption"

    def title(self, page: Page) -> tuple[str | None, str]:
        headline = page.json_ld.get("headline")
        if isinstance(headline, str) and clean_text(headline):
            # Some CMSs write HTML entities into JSON-LD strings (`Samsung &amp; SK`).
            return clean_text(html.unescape(headline)), "layout"
        return super().title(page)

    def dates(self, page: Page, reading, title):
        raw, pub, upd, source = self._structured_dates(page, None)
        if source == "jsonld":
            if upd is None:
                # JSON-LD without `dateModified`: a printed `Updated` line still counts.
                printed = super().dates(page, reading, title)[2]
                if printed is not None and printed >= pub:
                    upd = printed
            return raw, pub, upd, "layout"
        return super().dates(page, reading, title)


class KoreaHeraldCurrent(CurrentDesign):
    name = "kh-current"
    site = "koreaherald"


class HeraldBizCurrent(CurrentDesign):
    name = "hb-current"
    site = "heraldbiz"
