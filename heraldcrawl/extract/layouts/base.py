"""The base page design: every field as a chain of sources, ending in finders that read content.

A design module names its selectors; what it does not find, the chain finds elsewhere:
structured metadata (JSON-LD, meta tags, tracking variables) and the content finders of
`heraldcrawl.extract.generic`, which read what the page says rather than where it sits. The
source of each field goes into the record's `provenance`, so a crawl counts fallbacks and
raises a drift alarm when a design stops matching.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, datetime

from lxml import etree

from heraldcrawl.extract import credits
from heraldcrawl.extract.generic import (
    Reading,
    byline_after_text,
    card_emails,
    find_byline,
    find_dates,
    find_subtitle,
    has_descendant,
    reporter_links,
    text_length,
)
from heraldcrawl.extract.page import MAX_NODES, Page, image_block, join_url, paragraphs, text_of
from heraldcrawl.normalize import (
    Author,
    Byline,
    clean_text,
    parse_byline,
    parse_date,
    parse_dateline,
    parse_wire_dateline,
    split_byline_dateline,
    split_caption_credit,
)
from heraldcrawl.normalize.bylines import OWN_PAPERS
from heraldcrawl.record import SITE_LANG, content_hash, iso_kst, word_count
from heraldcrawl.urls import canonical_url, parse_article_url


class NotAnArticle(ValueError):
    """The page is not an article (a list page, an error page, an empty body)."""


_DATE_LABEL = re.compile(r"Published|Updated|입력|수정", re.IGNORECASE)
# The end of a series note at the top of the text (site-notes §6).
_ED_NOTE = re.compile(r"(?:--|–|—)\s{0,2}Ed\.?\s{0,2}\)?$")
_UPDATED_START = re.compile(
    r"^\s{0,3}[•·]?\s{0,3}(?:Updated|Modified|최종\s?수정|수정)", re.IGNORECASE
)
# A byline or dateline holding a label is looked into this far; longer text is not a credit line.
_LABEL_MAX = 500
# A declared address longer than this is no article URL.
_URL_MAX = 2048
# A body of more elements than this is no article (a real one has a few hundred); walking it
# in Python would take seconds. Counted by libxml2 before the walk.
MAX_BODY_ELEMENTS = 50_000
_COUNT_ELEMENTS = etree.XPath("count(.//*)")
_IMAGES = etree.XPath(".//img[@src] | .//amp-img[@src]")
# Site names printed after a headline in `<title>` and sometimes in `og:title`.
_TITLE_SUFFIX = re.compile(
    r"\s{0,3}(?:[-|:–]\s{0,3})(?:The\s)?(?:Korea\s?Herald|헤럴드경제|Herald\s?Business|"
    r"헤럴드\s?경제|koreaherald\.com)\s{0,3}$",
    re.IGNORECASE,
)
_SITE_NAMES = {"the korea herald", "korea herald", "헤럴드경제", "herald business"}
# A headline that is a server's error message (`404 Not Found`, `페이지를 찾을 수 없습니다`): an
# error page served with 200, never an article. The whole headline must be the message.
_ERROR_TITLE = re.compile(
    r"^(?:(?:Error\s{0,2})?\d{3}\s{0,3}[-:|]?\s{0,3})?(?:Page\s{1,3})?(?:Not\s{1,3}Found|Forbidden|Gone"
    r"|Internal\s{1,3}Server\s{1,3}Error|Bad\s{1,3}Gateway|Service\s{1,3}Unavailable|Error)[.!]?$"
    r"|^(?:요청하신\s{0,2})?(?:페이지|기사)(?:를|가|는)?\s{0,2}(?:찾을\s{0,2}수\s{0,2}없습니다|존재하지\s{0,2}않습니다)[.!]?$"
    r"|^\d{3}$",
    re.IGNORECASE,
)


def _unescaped(value: object) -> object:
    """A JSON-LD string with the HTML entities some CMSs write into it decoded."""
    return html.unescape(value) if isinstance(value, str) and "&" in value else value


def strip_site_name(title: str | None) -> str:
    text = clean_text(title)
    return _TITLE_SUFFIX.sub("", text[:600]).strip() if text else ""


_TIME_ELEMENTS = etree.XPath("//time[@datetime]/@datetime")


def _time_stamps(page: Page) -> Iterator[datetime]:
    """The instants of the page's `<time datetime>` elements (HTML's machine-readable date: the
    printed text beside it may be relative, `14 years ago`, or cut in pieces)."""
    if not page.contains(b"datetime"):
        return
    for value in _TIME_ELEMENTS(page.root)[:MAX_NODES]:
        value = str(value).strip()
        if len(value) > 10 and (stamp := parse_date(value[:64], fallback=False)) is not None:
            yield stamp


def _time_on(page: Page, day: date) -> datetime | None:
    """The first `<time datetime>` instant on `day`."""
    return next((s for s in _time_stamps(page) if s.date() == day), None)


def _time_element(page: Page) -> datetime | None:
    """The one instant all the page's `<time datetime>` elements name (a sidebar's times would
    make it a guess)."""
    stamps = set(_time_stamps(page))
    return stamps.pop() if len(stamps) == 1 else None


class Layout:
    """Base design: no selectors of its own, only the chains' other sources."""

    name = "unknown"
    site: str | None = None  # the paper this design belongs to; None: either
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
    # Blocks inside the body container that are never text (ads, masks), as CSS queries.
    junk_sel: tuple[str, ...] = ()
    image_sel = ""
    caption_sel = ""
    # Where the design prints its section name, read when the meta tags and JSON-LD give none.
    section_sel: tuple[str, ...] = ()

    # Semantic markers of an article's text that no redesign has reason to rename.
    SEMANTIC_BODY = ("[itemprop=articleBody]", "#articleText")

    @classmethod
    def matches(cls, page: Page, site: str | None) -> bool:
        """The page is of this design: its signature matches, and the design is of the URL's
        paper (the page's `lang` is not asked: it is the page's word, the URL is ours)."""
        if cls.site is not None and site is not None and cls.site != site:
            return False
        if not cls.signature or not all(page.contains(h) for h in cls.hints):
            return False
        page.set_scope(cls.scope)
        if all(page.css(q) for q in cls.signature):
            return True
        if page.scope is page.root:
            return False
        # Malformed nesting can move the scope element; the scope only saves time, so retry on
        # the whole page before giving up on this design.
        page.set_scope(None)
        return all(page.css(q) for q in cls.signature)

    # -- fields: each returns (value, source) ---------------------------------------------------

    def title(self, page: Page) -> tuple[str | None, str]:
        text, _ = page.first_text(self.title_sel)
        if text:
            return text, "layout"
        for value, source in (
            (_unescaped(page.json_ld.get("headline")), "jsonld"),
            (page.meta.get("og:title"), "meta"),
            (page.meta.get("twitter:title"), "meta"),
        ):
            if isinstance(value, str) and (text := strip_site_name(value)):
                return text, source
        for node in page.root.iter("h1"):
            text = text_of(node)
            if text and text.lower() not in _SITE_NAMES:
                return text, "generic"
        text, _ = page.first_text(("title",))
        return (strip_site_name(text) or None), "generic"

    def subtitle(self, page: Page) -> tuple[str | None, str]:
        text, _ = page.first_text(self.subtitle_sel)
        return (text, "layout") if text else (None, "none")

    def dates(
        self, page: Page, reading: Reading, title: str | None
    ) -> tuple[str | None, datetime | None, datetime | None, str]:
        """(dateline as found, published, updated, source)."""
        raw, _ = page.first_text(self.dateline_sel)
        labelled = raw and _DATE_LABEL.search(raw, 0, _LABEL_MAX)
        if labelled and not raw.lstrip().startswith(("Published", "•")):
            raw = split_byline_dateline(raw)[1] or raw
        if raw:
            d = parse_dateline(raw)
            if d.published:
                updated = d.updated
                if updated is None and (more := self._updated_line(page)) is not None:
                    raw, updated = f"{raw} {more[0]}", more[1]
                return raw, d.published, updated, "layout"
        found = find_dates(reading, title)
        if found is not None and found[1].published is not None:
            text, d = found
            published = d.published
            if (
                published.hour == published.minute == 0
                and (stamp := _time_on(page, published.date())) is not None
            ):
                # The day as printed, its time in pieces a reader joins but a text search
                # does not (`<time datetime=...><span>Jan. 3, 2012</span> - <span>11:53`).
                published = stamp
            return text, published, d.updated, "generic"
        return self._structured_dates(page, raw)

    def _updated_line(self, page: Page) -> tuple[str, datetime] | None:
        """`Updated : ...` printed in an element of its own after the `Published` one, both
        matched by the design's dateline query (`<p class="news_date">` twice)."""
        for q in self.dateline_sel:
            nodes = page.css(q)[:4]
            for node in nodes[1:]:
                text = text_of(node)
                if text and _UPDATED_START.match(text) and (upd := parse_dateline(text).updated):
                    return text, upd
            if nodes:
                break
        return None

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
        if (stamp := _time_element(page)) is not None:
            return raw or stamp.isoformat(), stamp, None, "time"
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

    def body_node(self, page: Page, reading: Reading):
        for q in self.body_sel:
            if nodes := page.css(q):
                return nodes[0], "layout"
        if (node := reading.body_container) is not None:
            return node, "generic"
        for q in self.SEMANTIC_BODY:
            if nodes := page.css(q):
                return nodes[0], "generic"
        return None, "none"

    def images(
        self, page: Page, body_node, broken: list[str] | None = None
    ) -> tuple[list[dict], str]:
        """Images with their captions, and the source; a `src` no URL can be made of
        (`http://[broken`) is dropped, and added to `broken` when given."""
        pairs: list[tuple[str, str | None]] = []
        source = "layout"
        if self.image_sel:
            urls = [u for img in page.css(self.image_sel)[:MAX_NODES] if (u := img.get("src"))]
            caps = (
                [text_of(c) for c in page.css(self.caption_sel)[:MAX_NODES]]
                if self.caption_sel
                else []
            )
            pairs = [(u, caps[i] if i < len(caps) else None) for i, u in enumerate(urls)]
        if not self.image_sel and body_node is not None:
            # A design that knows where its photos are and found none prints none.
            pairs, source = _images_near(body_node), "generic"
        out = []
        for url, caption_text in pairs:
            if (joined := join_url(page.url, url)) is None:
                if broken is not None:
                    broken.append(url[:200])
                continue
            caption, credit = split_caption_credit(caption_text) if caption_text else (None, None)
            if caption and _REPORTER_PHOTO.match(caption):
                continue  # the reporter's portrait (`김민지 기자`), not a photo of the story
            out.append({"url": joined, "caption": caption, "credit": credit})
        return out, (source if out else "none")

    def clean_body(self, page: Page, node) -> None:
        """Remove the design's junk blocks from the text container before it is read."""
        for q in self.junk_sel:
            for junk in page.css(q)[:MAX_NODES]:
                if any(anc is node for anc in junk.iterancestors()):
                    drop_element(junk)

    # -- the record ----------------------------------------------------------------------------

    def extract(self, page: Page) -> dict:
        provenance: dict[str, str] = {}
        site = page.site
        if site is None:
            raise NotAnArticle(f"{page.url} is not an address of either site")
        lang = SITE_LANG[site]
        reading = Reading(page.root)

        title, provenance["title"] = self.title(page)
        if not title:
            raise NotAnArticle(f"{page.url}: no title found")
        if len(title) <= 60 and _ERROR_TITLE.match(title):
            raise NotAnArticle(f"{page.url}: an error page ({title!r}), not an article")
        subtitle, provenance["subtitle"] = self.subtitle(page)
        if subtitle is None and self.name == "unknown":
            # No design known: a standing line beside the headline (a design that has a
            # subtitle selector and found none prints none).
            subtitle = find_subtitle(reading, title)
            provenance["subtitle"] = "generic" if subtitle else "none"

        body_node, provenance["body"] = self.body_node(page, reading)
        if body_node is not None and _COUNT_ELEMENTS(body_node) > MAX_BODY_ELEMENTS:
            raise NotAnArticle(f"{page.url}: over {MAX_BODY_ELEMENTS} elements in the text")
        if body_node is not None:
            self.clean_body(page, body_node)
        paras = paragraphs(body_node) if body_node is not None else []
        if not paras and provenance["body"] == "layout":
            body_node, provenance["body"] = reading.body_container, "generic"
            paras = paragraphs(body_node) if body_node is not None else []
        paras = credits.drop_chrome_lines(paras, title)
        if not paras:
            raise NotAnArticle(f"{page.url}: no article text found")

        byline_raw, byline_source = self.byline_text(page)
        # Credits printed in the text itself: Korean openers, contributors, wire datelines,
        # footers. They are cut from the body whoever else names the authors.
        opener, paras = credits.opener(paras, lang)
        if opener and byline_raw is None:
            byline_raw, byline_source = opener, "body"
        writer, paras = credits.contributor(paras, lang)
        if not paras:
            raise NotAnArticle(f"{page.url}: no article text found")
        wire, paras[0] = parse_wire_dateline(paras[0])
        if wire is None and len(paras) > 1 and _ED_NOTE.search(paras[0][-24:]):
            # A series note opens the text (`... -- Ed.`): the wire dateline follows it.
            wire, paras[1] = parse_wire_dateline(paras[1])
        if wire is not None:
            # Korean wire copy names its reporter after the dateline: `김철수 기자 = ...`.
            ko_credit, paras = credits.ko_wire_credit(paras, lang)
            if ko_credit and byline_raw is None:
                # Read with its dateline, as printed: `(서울=연합뉴스) 김철수 이영희 기자 =`.
                byline_raw, byline_source = f"{wire.text} {ko_credit} =", "body"
            if not paras:
                raise NotAnArticle(f"{page.url}: no article text found")
        paras, footer, closing = credits.footers(paras)
        if (
            byline_raw is None
            and closing is None
            and lang == "en"  # Herald Business credits open or close the text, never `By`
            and not (footer and _wire_only(footer))
            and (found := find_byline(reading, title))
        ):
            byline_raw, byline_source = found, "generic"
        paras = [p.strip() for p in paras if p.strip()]
        if not paras:
            raise NotAnArticle(f"{page.url}: no article text found")
        body = "\n\n".join(paras)

        byline = parse_byline(byline_raw, footer=footer, title=title, lang=lang)
        if closing and not byline.authors and not (byline_raw and byline.agency):
            byline = parse_byline(closing, footer=footer, title=title, lang=lang)
            byline_source = "footer"
        if writer:
            # A contributed piece: the house byline credits the paper, the writer is the author.
            contributed = parse_byline(writer, footer=footer, title=title, lang=lang)
            if contributed.authors:
                contributed.agency = contributed.agency or byline.agency
                byline, byline_source, byline_raw = contributed, "body", writer
        if byline.authors or (closing and byline.agency):
            provenance["authors"] = (
                byline_source if byline_raw or closing else ("footer" if footer else "title")
            )
        if (
            not byline.authors
            and not byline.agency  # wire and house copy has no person author
            and (names := self.reporter_names(page, reading, title))
        ):
            linked = parse_byline("By " + " and ".join(names), footer=footer, lang=lang)
            if linked.authors:
                linked.agency = linked.agency or byline.agency
                byline, provenance["authors"] = linked, "generic"
        if not byline.authors and not byline.agency:
            byline, provenance["authors"] = self.fallback_byline(page, footer, lang)
        if (
            not byline.authors
            and not byline.agency
            and lang == "en"
            and body_node is not None
            and (under := byline_after_text(reading, body_node))
        ):
            byline = parse_byline(under, footer=footer, title=title, lang=lang)
            byline_raw, provenance["authors"] = under, "generic"
        missing = [a.name for a in byline.authors if a.email is None]
        # Addresses printed only in a reporter card after the text.
        if (
            missing
            and (self.name == "unknown" or page.contains(b"mailto:"))
            and (emails := card_emails(reading, missing))
        ):
            byline.authors = [Author(a.name, emails.get(a.name, a.email)) for a in byline.authors]
        if (
            wire is not None
            and wire.agency
            # Wire copy under the house byline: the wire is the credit (`By Korea Herald` over
            # `HELSINKI (AP) --`).
            and (byline.agency is None or (not byline.authors and byline.agency in OWN_PAPERS))
        ):
            byline.agency = wire.agency
        if byline.agency is None and provenance.get("authors") == "title":
            # A column credits the columnist in the title and the house elsewhere: when the
            # house is named only in the structured data, it is still the agency.
            house, source = self._jsonld_byline(page)
            if source != "none" and house.agency and not house.authors:
                byline.agency = house.agency
        provenance.setdefault("authors", "none")

        dateline_raw, published, updated, provenance["published"] = self.dates(page, reading, title)
        section = page.meta.get("article:section") or page.json_ld.get("articleSection")
        provenance["section"] = (
            "meta" if page.meta.get("article:section") else ("jsonld" if section else "none")
        )
        if not section and self.section_sel:
            # The section as the page prints it (`<li class="ellipsis"><em>증권</em>기사입력 ...`).
            section, _ = page.first_text(self.section_sel)
            provenance["section"] = "layout" if section else "none"

        rid, url = self._identity(page, site)
        broken: list[str] = []
        images, provenance["images"] = self.images(page, body_node, broken)
        if broken:
            provenance["images"] = "broken_url"  # a dropped image is noted, not fatal
        if page.replaced:
            provenance["encoding"] = "replaced" if page.replaced < 16 else "damaged"
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

    def reporter_names(self, page: Page, reading: Reading, title: str | None) -> list[str]:
        """Names of the reporter links and boxes (`Articles by ...`); never second authors."""
        return reporter_links(reading, title)

    def fallback_byline(
        self, page: Page, footer: str | None = None, lang: str | None = None
    ) -> tuple[Byline, str]:
        """People from structured data when the page prints no usable credit: JSON-LD, then
        the reporter tracking variable of legacy pages; a footer's addresses go to them."""
        found, source = self._jsonld_byline(page, footer, lang)
        if source != "none":
            return found, source
        if name := clean_text(page.script_vars.get("_aname")):
            found = parse_byline("By " + name, footer=footer, lang=lang)
            if found.authors:
                return found, "tracking"
        return Byline(), "none"

    @staticmethod
    def _jsonld_byline(
        page: Page, footer: str | None = None, lang: str | None = None
    ) -> tuple[Byline, str]:
        author = page.json_ld.get("author")
        people = author if isinstance(author, list) else [author] if author else []
        names, agency = [], None
        for p in people[:20]:
            if isinstance(p, str):  # a plain string names a person, or the house
                p = {"name": p}
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                continue
            name = clean_text(p["name"])
            if not name:
                continue
            if p.get("@type") == "Organization":
                # The organisation's name as the bylines spell it (`The Korea Herald` is the
                # archive's `Korea Herald`).
                agency = agency or parse_byline("By " + name).agency or name
            else:
                names.append(name)
        if not names and not agency:
            return Byline(), "none"
        found = (
            parse_byline("By " + " and ".join(names), footer=footer, lang=lang)
            if names
            else Byline()
        )
        found.agency = found.agency or agency
        if not found.authors and not found.agency:
            return Byline(), "none"
        return found, "jsonld"

    @staticmethod
    def _identity(page: Page, site: str) -> tuple[str, str]:
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
        if own and own[0] == site and (fetched is None or own[1] == "article"):
            fetched = own
        if fetched is None:
            raise NotAnArticle(f"{page.url} is not an article URL and the page declares none")
        url = canonical_url(page.url if fetched is not own else declared)
        return ":".join(fetched), url or ""


# A caption that is only a reporter's credit: the portrait Herald Business prints among the
# photos of the text.
_REPORTER_PHOTO = re.compile(
    r"^[가-힣]{2,5}\s?(?:선임기자|기자|특파원|논설위원|객원기자)"
    r"(?:\s{0,2}[(<]?[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,100}[)>]?)?$"
)


def _wire_only(footer: str) -> bool:
    """The closing credit is a wire's or the house's alone (`(Yonhap)`): no person to look for."""
    credit = parse_byline(None, footer=footer)
    return bool(credit.agency) and not credit.authors


def drop_element(el) -> None:
    """Remove an element but keep the text that follows it in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _images_near(container) -> list[tuple[str, str | None]]:
    """Photos inside the text container, else beside it: in an enclosing block that holds
    little text besides the article's (a design may print photos next to the text box)."""
    if found := [(u, c) for u, c, _ in _images_in(container)]:
        return found
    own = text_length(container) or 1
    el = container
    for _ in range(4):
        el = el.getparent()
        if el is None or text_length(el) > 1.3 * own + 600:
            break
        # Beside the text, only captioned photos count: a bare thumbnail or a linked teaser
        # picture is page furniture.
        found = [(u, c) for u, c, linked in _images_in(el, text_box=container) if c and not linked]
        if found:
            return found
    return []


def _holds(block, el) -> bool:
    """`el` is inside `block`."""
    return any(anc is block for anc in el.iterancestors())


def _images_in(container, text_box=None) -> list[tuple[str, str | None, bool]]:
    """(src, caption, inside a link) of the photos inside a block, found by what they hold.

    With `text_box` (photos beside the text): a photo block never holds the text itself (a short
    article is "an image and little text" too), and a short paragraph right after a bare photo
    is its caption when it ends in a photo credit (`... speaks. (Yonhap)`)."""
    out: list[tuple[str, str | None, bool]] = []
    for img in _IMAGES(container)[:50]:
        block = img
        for anc in img.iterancestors():
            if (
                anc is container
                or not image_block(anc)
                or (text_box is not None and _holds(anc, text_box))
            ):
                break
            block = anc
        caption = text_of(block) if block is not img else ""
        if not caption:
            nxt = block.getnext()
            if (
                nxt is not None
                and isinstance(nxt.tag, str)
                and (nxt.tag != "p" or text_box is not None)
                and not (block.tail or "").strip()
                and text_length(nxt) <= 400
                and not _IMAGES(nxt)
                and (text_box is None or not _holds(nxt, text_box))
            ):
                caption = text_of(nxt)
                if nxt.tag == "p" and split_caption_credit(caption)[1] is None:
                    caption = ""  # a paragraph beside a photo is its caption only with a credit
        linked = any(a.tag == "a" for a in img.iterancestors()) or has_descendant(block, (b"a",))
        out.append((img.get("src"), caption or None, linked))
    return out
