"""One class per page design. Selectors are class attributes; a small redesign is a subclass.

Every field is a chain: the layout's own markup first, then structured metadata (JSON-LD, meta
tags, tracking variables), then generic fallbacks. The source that produced each field goes into
the record's `provenance`, so the crawl can count fallbacks and raise a drift alarm.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from heraldcrawl.extract.page import MAX_NODES, Page, join_url, paragraphs, text_of
from heraldcrawl.normalize import (
    Byline,
    clean_text,
    parse_byline,
    parse_date,
    parse_dateline,
    parse_wire_dateline,
    split_byline_dateline,
    split_caption_credit,
    split_footer,
)
from heraldcrawl.record import SITE_LANG, content_hash, iso_kst, word_count
from heraldcrawl.urls import canonical_url, parse_article_url


class NotAnArticle(ValueError):
    """The page is not an article (a list page, an error page, an empty body)."""


_KO_BYLINE_HEAD = re.compile(r"^\s*(\[[^\[\]]{1,60}\])\s*")
_DATE_LABEL = re.compile(r"Published|Updated|입력|수정", re.IGNORECASE)
# A byline or dateline holding a label is looked into this far; longer text is not a credit line.
_LABEL_MAX = 500
# A declared address longer than this is no article URL.
_URL_MAX = 2048
# A body of more elements than this is no article (a real one has a few hundred); walking it
# in Python would take seconds. Counted by libxml2 before the walk.
MAX_BODY_ELEMENTS = 50_000
_COUNT_ELEMENTS = etree.XPath("count(.//*)")


class Layout:
    """Base design: generic fallbacks only. Subclasses name their own selectors."""

    name = "unknown"
    site: str | None = None  # None: taken from the URL
    lang: str | None = None  # the page's language, when the design exists in both papers
    signature: tuple[str, ...] = ()  # CSS queries that must all match for this design
    # Substrings the raw page must contain before the signature queries run (a cheap pre-test).
    hints: tuple[bytes, ...] = ()
    # XPath of the element holding headline, credits and text; queries run inside it, which is
    # much cheaper than walking the whole page. Missing on a page: the whole page is searched.
    scope: str | None = None
    title_sel: tuple[str, ...] = ()
    subtitle_sel: tuple[str, ...] = ()
    byline_sel: tuple[str, ...] = ()
    dateline_sel: tuple[str, ...] = ()
    body_sel: tuple[str, ...] = ()
    image_sel = ""
    caption_sel = ""
    byline_opens_body = False  # Korean credits `[헤럴드경제=... 기자]` start the text

    GENERIC_BODY = ("article", "#articleText", "[itemprop=articleBody]", "main")

    @classmethod
    def matches(cls, page: Page) -> bool:
        if not cls.signature or not all(page.contains(h) for h in cls.hints):
            return False
        page.set_scope(cls.scope)
        if all(page.css(q) for q in cls.signature):
            return cls.lang is None or page.lang in (None, cls.lang)
        if page.scope is page.root:
            return False
        # Malformed nesting can move the scope element; the scope only saves time, so retry on
        # the whole page before giving up on this design.
        page.set_scope(None)
        if not all(page.css(q) for q in cls.signature):
            return False
        return cls.lang is None or page.lang in (None, cls.lang)

    # -- fields: each returns (value, source) ---------------------------------------------------

    def title(self, page: Page) -> tuple[str | None, str]:
        text, _ = page.first_text(self.title_sel)
        if text:
            return text, "layout"
        for value, source in (
            (page.json_ld.get("headline"), "jsonld"),
            (page.meta.get("og:title"), "meta"),
        ):
            if isinstance(value, str) and clean_text(value):
                return clean_text(value), source
        text, _ = page.first_text(("h1", "title"))
        return text, "generic"

    def subtitle(self, page: Page) -> tuple[str | None, str]:
        text, _ = page.first_text(self.subtitle_sel)
        return (text, "layout") if text else (None, "none")

    def dates(self, page: Page) -> tuple[str | None, datetime | None, datetime | None, str]:
        """(dateline as found, published, updated, source)."""
        raw, _ = page.first_text(self.dateline_sel)
        labelled = raw and _DATE_LABEL.search(raw, 0, _LABEL_MAX)
        if labelled and not raw.lstrip().startswith(("Published", "•")):
            raw = split_byline_dateline(raw)[1] or raw
        if raw:
            d = parse_dateline(raw)
            if d.published:
                return raw, d.published, d.updated, "layout"
        return self._structured_dates(page, raw)

    def _structured_dates(self, page: Page, raw: str | None):
        ld = page.json_ld
        if isinstance(ld.get("datePublished"), str) and (pub := parse_date(ld["datePublished"])):
            upd = (
                parse_date(ld["dateModified"]) if isinstance(ld.get("dateModified"), str) else None
            )
            return raw or ld["datePublished"], pub, upd, "jsonld"
        for key in ("article:published_time", "og:article:published_time", "pubdate"):
            if (value := page.meta.get(key)) and (pub := parse_date(value)):
                upd = parse_date(page.meta.get("article:modified_time"))
                return raw or value, pub, upd, "meta"
        pd = page.script_vars.get("_pd", "")
        if len(pd) >= 12 and pd.isdigit():
            stamp = f"{pd[:4]}-{pd[4:6]}-{pd[6:8]}T{pd[8:10]}:{pd[10:12]}"
            if pub := parse_date(stamp):
                return raw or pd, pub, None, "tracking"
        return raw, None, None, "none"

    def byline_text(self, page: Page) -> tuple[str | None, str]:
        text, _ = page.first_text(self.byline_sel)
        if text and _DATE_LABEL.search(text, 0, _LABEL_MAX):
            text = split_byline_dateline(text)[0]
        return (text, "layout") if text else (None, "none")

    def body_node(self, page: Page):
        for q in self.body_sel:
            if nodes := page.css(q):
                return nodes[0], "layout"
        for q in self.GENERIC_BODY:
            if nodes := page.css(q):
                return nodes[0], "generic"
        return None, "none"

    def images(self, page: Page, broken: list[str] | None = None) -> list[dict]:
        """Images with their captions; a `src` no URL can be made of (`http://[broken`) is
        dropped, and added to `broken` when given."""
        if not self.image_sel:
            return []
        urls = [u for img in page.css(self.image_sel)[:MAX_NODES] if (u := img.get("src"))]
        captions = (
            [text_of(c) for c in page.css(self.caption_sel)[:MAX_NODES]] if self.caption_sel else []
        )
        out = []
        for i, url in enumerate(urls):
            if (joined := join_url(page.url, url)) is None:
                if broken is not None:
                    broken.append(url[:200])
                continue
            caption, credit = (
                split_caption_credit(captions[i]) if i < len(captions) else (None, None)
            )
            out.append({"url": joined, "caption": caption, "credit": credit})
        return out

    # -- the record ----------------------------------------------------------------------------

    def extract(self, page: Page) -> dict:
        provenance: dict[str, str] = {}
        url_info = parse_article_url(page.url)
        site = self.site or (url_info[0] if url_info else None)
        if site is None:
            raise NotAnArticle(f"{page.url} is not an article URL of either site")
        lang = SITE_LANG[site]

        title, provenance["title"] = self.title(page)
        if not title:
            raise NotAnArticle(f"{page.url}: no title found")
        subtitle, provenance["subtitle"] = self.subtitle(page)

        body_node, provenance["body"] = self.body_node(page)
        if body_node is not None and _COUNT_ELEMENTS(body_node) > MAX_BODY_ELEMENTS:
            raise NotAnArticle(f"{page.url}: over {MAX_BODY_ELEMENTS} elements in the text")
        paras = paragraphs(body_node) if body_node is not None else []
        if not paras:
            raise NotAnArticle(f"{page.url}: no article text found")
        byline_raw, byline_source = self.byline_text(page)
        # Credits that live in the text itself: Korean bracket bylines, wire datelines, footers.
        if (self.byline_opens_body or lang == "ko") and (m := _KO_BYLINE_HEAD.match(paras[0])):
            head = m.group(1)
            if parse_byline(head, lang="ko") or re.search(r"헤럴드|=", head):
                byline_raw, byline_source = (
                    byline_raw or head,
                    byline_source if byline_raw else "layout",
                )
                paras[0] = paras[0][m.end() :]
        wire, paras[0] = parse_wire_dateline(paras[0])
        last, footer = split_footer(paras[-1])
        paras[-1] = last
        paras = [p.strip() for p in paras if p.strip()]
        body = "\n\n".join(paras)

        byline = parse_byline(byline_raw, footer=footer, title=title, lang=lang)
        if byline.authors:
            provenance["authors"] = (
                byline_source if byline_raw else ("footer" if footer else "title")
            )
        if not byline.authors and not byline.agency:
            byline, provenance["authors"] = self.fallback_byline(page)
        if byline.agency is None and wire is not None and wire.agency:
            byline.agency = wire.agency
        provenance.setdefault("authors", "none")

        dateline_raw, published, updated, provenance["published"] = self.dates(page)
        section = page.meta.get("article:section") or page.json_ld.get("articleSection")
        provenance["section"] = (
            "meta" if page.meta.get("article:section") else ("jsonld" if section else "none")
        )

        rid, url = self._identity(page)
        broken: list[str] = []
        images = self.images(page, broken)
        if broken:
            provenance["images"] = "broken_url"  # a dropped image is noted, not fatal
        return {
            "id": rid,
            "url": url,
            "site": site,
            "lang": lang,
            "layout": self.name,
            "title": title,
            "subtitle": subtitle,
            "section": clean_text(section) if isinstance(section, str) and section else None,
            "authors": [a.to_dict() for a in byline.authors],
            "agency": byline.agency,
            "byline_raw": byline_raw,
            "dateline_raw": dateline_raw,
            "published": iso_kst(published),
            "updated": iso_kst(updated),
            "body": body,
            "images": images,
            "content_hash": content_hash(title, body),
            "wire_dateline": wire.text if wire else None,
            "word_count": word_count(body),
            "provenance": provenance,
        }

    def fallback_byline(self, page: Page) -> tuple[Byline, str]:
        """People from structured data when the page prints no usable credit."""
        return self._jsonld_byline(page)

    @staticmethod
    def _jsonld_byline(page: Page) -> tuple[Byline, str]:
        author = page.json_ld.get("author")
        people = author if isinstance(author, list) else [author] if author else []
        names, agency = [], None
        for p in people:
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                continue
            if p.get("@type") == "Organization":
                agency = agency or clean_text(p["name"])
            else:
                names.append(clean_text(p["name"]))
        if not names and not agency:
            return Byline(), "none"
        found = parse_byline(" and ".join(names)) if names else Byline()
        found.agency = found.agency or agency
        return found, "jsonld"

    @staticmethod
    def _identity(page: Page) -> tuple[str, str]:
        """Id and canonical URL: the page's own `/article/N` address wins over a legacy URL."""
        fetched = parse_article_url(page.url)
        declared = page.meta.get("og:url") or page.json_ld.get("mainEntityOfPage")
        if isinstance(declared, dict):
            declared = declared.get("@id")
        if isinstance(declared, str) and len(declared) > _URL_MAX:
            declared = None
        own = parse_article_url(declared) if isinstance(declared, str) else None
        # A declared `/article/N` address of the same site wins: a legacy URL that does not
        # redirect must still give the same record as the new address.
        if own and (fetched is None or (own[1] == "article" and own[0] == fetched[0])):
            fetched = own
        if fetched is None:
            raise NotAnArticle(f"{page.url} is not an article URL and the page declares none")
        url = canonical_url(page.url if fetched is not own else declared)
        return ":".join(fetched), url or ""


class KoreaHeraldLegacy(Layout):
    """The Korea Herald, about 2012 to mid-2023 (`view.php?ud=`)."""

    name = "kh-legacy"
    site = "koreaherald"
    signature = ("h1.view_tit",)
    hints = (b"view_tit",)
    scope = "id('articleText')/.."
    title_sel = ("h1.view_tit",)
    subtitle_sel = ("h2.view_tit_sub",)
    byline_sel = ("div.view_tit_byline_l",)
    dateline_sel = ("div.view_tit_byline_r", "div.view_tit_byline_l")
    body_sel = ("div#articleText div.view_con_t", "div#articleText")
    image_sel = "div#articleText table img"
    caption_sel = "div#articleText div.view_con_caption"

    def fallback_byline(self, page: Page) -> tuple[Byline, str]:
        # The reporter tracking variable names the author when the page prints no byline.
        if name := clean_text(page.script_vars.get("_aname")):
            found = parse_byline(name)
            if found.authors:
                return found, "tracking"
        return super().fallback_byline(page)


class KoreaHeraldTransitional(Layout):
    """The Korea Herald, about mid-2023 to early 2025 (still `view.php?ud=`).

    Where this design printed the byline is unknown: look in byline-like classes, then a line
    starting with "By" in the header, then the reporter link; the email footer is the last resort.
    """

    name = "kh-transitional"
    site = "koreaherald"
    signature = ("div.news_title_area h1.news_title",)
    hints = (b"news_title_area",)
    scope = "//div[@class='news_content']"
    title_sel = ("div.news_title_area h1.news_title",)
    subtitle_sel = ("div.news_title_area h2.news_title",)
    byline_sel = (
        "div.news_title_area [class*=byline]",
        "div.news_title_area [class*=writer]",
        "div.news_title_area [class*=reporter]",
        "div.news_content [class*=byline]",
        "div.news_title_area a[href*='list_name.php']",
    )
    dateline_sel = ("div.news_title_area p.news_date", "p.news_date")
    body_sel = ("div.news_text_area div.text_box", "div.news_text_area")
    image_sel = "div.news_text_area div.img_box img"
    caption_sel = "div.news_text_area .img_caption"

    def byline_text(self, page: Page) -> tuple[str | None, str]:
        text, source = super().byline_text(page)
        if text is None:
            for node in page.css("div.news_title_area p, div.news_title_area span"):
                line = text_of(node)
                if line.startswith("By "):
                    return split_byline_dateline(line)[0], "layout"
        return text, source


class CurrentDesign(Layout):
    """The 2025 design (`/article/N`): JSON-LD `NewsArticle` and `article#articleText`."""

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
            return clean_text(headline), "layout"
        return super().title(page)

    def dates(self, page: Page):
        raw, pub, upd, source = self._structured_dates(page, None)
        if source == "jsonld":
            return raw, pub, upd, "layout"
        return super().dates(page)


class KoreaHeraldCurrent(CurrentDesign):
    name = "kh-current"
    site = "koreaherald"
    lang = "en"


class HeraldBizLegacy(Layout):
    """Herald Business before 2025: `기사입력` header, `<br>` body opening with the credit."""

    name = "hb-legacy"
    site = "heraldbiz"
    signature = ("div.view_top_t2", "#articleText")
    hints = (b"view_top_t2", b"articleText")
    scope = "id('articleText')/.."
    title_sel = ("div.view_top_t2 h1",)
    subtitle_sel = ("div.view_top_t2 h2",)
    dateline_sel = ("div.view_top_t2 ul.view_date", "div.view_top_t2 .date")
    body_sel = ("div#articleText",)
    image_sel = "div#articleText table img"
    caption_sel = "div#articleText td.img_caption"
    byline_opens_body = True


class HeraldBizCurrent(CurrentDesign):
    name = "hb-current"
    site = "heraldbiz"
    lang = "ko"
    byline_opens_body = True


# Most specific first; the first design whose signature matches the page wins.
LAYOUTS: tuple[type[Layout], ...] = (
    KoreaHeraldLegacy,
    KoreaHeraldTransitional,
    KoreaHeraldCurrent,
    HeraldBizCurrent,
    HeraldBizLegacy,
)


def choose_layout(page: Page) -> Layout:
    """The first design whose signature the page matches; it leaves the page scoped for it."""
    for cls in LAYOUTS:
        if cls.matches(page):
            return cls()
    page.set_scope(None)
    return Layout()
