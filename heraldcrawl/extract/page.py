"""One fetched page, decoded and parsed once, with the metadata every layout falls back on.

Hand-written on lxml rather than parsel: extraction runs once per page on the crawl's hot path,
and compiled XPath over lxml elements is several times faster than building parsel selectors
for each query (bench/bench_extract.py). CSS queries are translated once and cached.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache
from urllib.parse import urljoin, urlsplit

import orjson
from cssselect import GenericTranslator
from lxml import etree
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

from heraldcrawl.extract.generic import (
    chrome_class,
    has_descendant,
    holds,
    holds_each,
    ident_words,
    script_tag_reference,
    text_content,
    text_length,
)
from heraldcrawl.normalize import clean_text
from heraldcrawl.urls import site_of_host


@lru_cache(maxsize=64)
def _xpath(path: str) -> etree.XPath:
    return etree.XPath(path)


# lxml's plain HTML parser: `lxml.html`'s element classes cost a Python lookup for every
# element visited, which made walking a page several times slower.
_PARSER = etree.HTMLParser(encoding="utf-8", recover=True, remove_comments=True)

_TRANSLATOR = GenericTranslator()


# A leading `tag#id` step becomes XPath `id()`: a hash lookup instead of a walk of the tree.
_ID_STEP = re.compile(
    r"^descendant-or-self::(\*|[\w-]+)\[\(?@id = '([\w-]+)'\)?(?: and ([^\[\]]*))?\]"
)


def css_to_xpath(css: str) -> str:
    xpath = _TRANSLATOR.css_to_xpath(css)
    if "|" in xpath or not (m := _ID_STEP.match(xpath)):
        return xpath
    tag, ident, rest = m.groups()
    tests = [f"self::{tag}"] if tag != "*" else []
    if rest:
        tests.append(rest)
    step = f"id('{ident}')" + (f"[{' and '.join(tests)}]" if tests else "")
    return step + xpath[m.end() :]


@lru_cache(maxsize=512)
def compiled(css: str) -> etree.XPath:
    """A CSS query compiled to XPath once per process."""
    return etree.XPath(css_to_xpath(css))


# A page in a known charset with a few bad bytes (a stray byte of another charset, a cut
# character) is still in that charset: up to this many replacement characters, plus one per
# this many bytes of page, the charset stands and the bad bytes become U+FFFD.
_FEW_BAD = 8
_BAD_PER_BYTES = 2000


def _few(bad: int, size: int) -> bool:
    return bad <= _FEW_BAD + size // _BAD_PER_BYTES


def _lenient(body: bytes, encoding: str) -> tuple[str, int] | None:
    """The text with bad bytes replaced, and how many, when they are few; else None."""
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    return (text, bad) if _few(bad, len(body)) else None


def _detect(body: bytes) -> str:
    """Charset of a page that declares none: UTF-8, then CP949 (the Korean legacy pages), then
    a statistical guess."""
    for candidate in ("utf-8", "cp949"):
        try:
            body.decode(candidate)
            return candidate
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return best.encoding if best else "utf-8"


def header_value(headers: Mapping | None, name: str) -> str | None:
    """A header from a plain dict or Scrapy `Headers` (bytes keys and list values)."""
    if not headers:
        return None
    for key, value in headers.items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if k.lower() == name:
            if isinstance(value, list | tuple):
                value = value[0] if value else None
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            return value
    return None


_CHARSET = re.compile(r"charset\s{0,8}=\s{0,8}[\"']?([\w.:-]{1,40})", re.IGNORECASE)
# Codecs Python knows that no web page is in: they raise on decoding, decode to lone surrogates
# (which no UTF-8 writer takes) or are not charsets at all.
_NOT_WEB = {
    "undefined",
    "unicode-escape",
    "raw-unicode-escape",
    "unicode-internal",
    "punycode",
    "idna",
    "utf-7",
}


def _header_charset(content_type: str | None) -> str | None:
    # A plain regex: w3lib's parser costs ~50 us a page for the same answer.
    m = _CHARSET.search(content_type, 0, 512) if content_type else None
    return m.group(1) if m else None


def _usable(encoding: str | None) -> str | None:
    """The codec if pages can be decoded with it, else None."""
    if not encoding:
        return None
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_WEB:
        return None
    return encoding


def declared_encoding(body: bytes, headers: Mapping | None = None) -> str | None:
    """The charset the page declares (HTTP header, then BOM, then `<meta>`), as a Python codec
    name; None when it declares none. w3lib resolves labels; EUC-KR becomes CP949, its
    superset, which real Korean pages need."""
    declared = _header_charset(header_value(headers, "content-type"))
    if body.startswith(b"\xef\xbb\xbf"):
        declared = "utf-8"
    declared = declared or html_body_declared_encoding(body[:4096])
    return _usable(resolve_encoding(declared)) if declared else None


def decode(body: bytes, headers: Mapping | None = None) -> tuple[str, str]:
    """(text, encoding): the declared charset when the bytes agree with it, else detection."""
    text, encoding, _ = decode_counted(body, headers)
    return text, encoding


def decode_counted(body: bytes, headers: Mapping | None = None) -> tuple[str, str, int]:
    """(text, encoding, replaced): as `decode`, with the number of bad bytes replaced.

    A declared or detected charset that a few bad bytes contradict still decodes the page, with
    replacement characters: one stray byte must not turn a Korean page into another charset.
    """
    encoding = declared_encoding(body, headers)
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    if encoding:
        try:
            return body.decode(encoding), encoding, 0
        except (UnicodeError, LookupError):
            pass
        if (found := _lenient(body, encoding)) is not None:
            return found[0], encoding, found[1]
    for candidate in ("utf-8", "cp949"):
        try:
            return body.decode(candidate), candidate, 0
        except UnicodeDecodeError:
            continue
    tried = [(r[1], c, r[0]) for c in ("utf-8", "cp949") if (r := _lenient(body, c))]
    if tried:
        bad, candidate, text = min(tried, key=lambda t: t[0])
        return text, candidate, bad
    encoding = _usable(_detect(body)) or "utf-8"
    text = body.decode(encoding, errors="replace")
    return text, encoding, text.count("\ufffd")


_UTF8 = {"utf-8", "utf8", "utf_8"}


# Charsets that spell every ASCII character as its own byte and nothing else as one: stateful
# ones (HZ, ISO-2022) can hide ASCII text behind escapes, so they are not here.
_ASCII_SPELT = {"utf-8", "ascii", "cp949", "euc_kr", "latin-1", "iso8859-1", "cp1252"}
_ASCII_SPELT |= {"euc_jp", "gb2312", "gbk", "gb18030", "big5", "iso8859-15", "cp1251"}


@lru_cache(maxsize=64)
def _ascii_compatible(encoding: str | None) -> bool:
    """Markup in this charset is spelt byte for byte as in ASCII (UTF-8, EUC-KR, CP949...)."""
    try:
        return codecs.lookup(encoding or "utf-8").name in _ASCII_SPELT
    except (LookupError, ValueError):
        return False


# libxml2's error for bytes that are not in the parser's charset.
_NOT_UTF8 = (etree.ErrorTypes.ERR_INVALID_ENCODING,)


_SCRIPT_VAR = re.compile(r"var\s{1,8}(_\w{1,40})\s{0,8}=\s{0,8}[\"']([^\"'\n]{0,400})[\"']")
# Tracking variables sit in a short inline script; longer scripts are read this far only.
_SCRIPT_MAX = 65536
# JSON-LD blocks bigger than this are not article metadata and are not parsed; orjson also
# refuses nesting deeper than 1024, so a hostile block costs an error, not the stack.
_JSON_LD_MAX = 1 << 20
# Work done in Python per element is bounded too: a real page has a few dozen meta tags, a few
# JSON-LD blocks and inline scripts, and prints its title in the first match of a query. A
# hostile page's millionth element is never looked at.
MAX_NODES = 200
# A longer address is no article URL.
_URL_MAX = 2048
# Metadata lives in <head>; the whole page is searched only when the head has none.
_HEAD_META = etree.XPath("/html/head/meta[@content]")
_META = etree.XPath("//meta[@content]")
_HEAD_JSON_LD = etree.XPath('/html/head/script[@type="application/ld+json"]/text()')
_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()')
_INLINE_SCRIPTS = etree.XPath("//script[not(@src)]/text()")


# Byte markers the page's own readers ask for (JSON-LD, tracking variables).
PAGE_MARKERS = (b"ld+json", b"var _")


class Page:
    """A parsed page: the lxml tree, JSON-LD, meta tags and tracking variables."""

    def __init__(self, body: bytes, url: str, headers: Mapping | None = None) -> None:
        self.url = url
        if type(body) is not bytes:  # a subclass or bytearray: the byte tests take bytes
            if isinstance(body, str):
                raise TypeError(f"{url}: a page is bytes as fetched, not str")
            body = bytes(body)
        self.body = body
        root = None
        self.replaced = 0  # bad bytes decoded as U+FFFD
        encoding = declared_encoding(body, headers)
        if encoding in _UTF8 and body and not body.isspace():
            # UTF-8 bytes go to lxml as they are, undecoded: libxml2 reports bytes that are not
            # UTF-8, and only then is the page decoded and its charset detected (decoding every
            # page only to validate it cost about 0.17 ms, a tenth of an extraction).
            root = etree.fromstring(body, parser=_PARSER)
            if _PARSER.error_log.filter_types(_NOT_UTF8):
                root = None
        if root is None:
            text, encoding, self.replaced = decode_counted(body, headers)
            # Other charsets are re-encoded once, as lxml's parser is set to UTF-8.
            data = (
                body
                if encoding in _UTF8 and not self.replaced
                else text.encode("utf-8", errors="replace")
            )
            root = etree.fromstring(data, parser=_PARSER) if data and not data.isspace() else None
        self.encoding = encoding
        self.root = (
            root
            if root is not None
            else etree.fromstring(b"<html><body></body></html>", parser=_PARSER)
        )

        self.scope = self.root
        self._marks: dict[bytes, bool] = {}

    @cached_property
    def site(self) -> str | None:
        """The paper of the page's URL (`koreaherald`, `heraldbiz`), None for another host or
        an address no host can be read from."""
        if len(self.url) > _URL_MAX:
            return None
        try:
            return site_of_host(urlsplit(self.url).hostname)
        except ValueError:  # `http://[broken`
            return None

    @cached_property
    def text(self) -> str:
        """The page as text, in the charset it was parsed with."""
        return self.body.decode(self.encoding, errors="replace").removeprefix("\ufeff")

    def set_scope(self, xpath: str | None) -> None:
        """Run later queries inside the first element `xpath` finds (the whole page if none)."""
        found = _xpath(xpath)(self.root) if xpath else None
        self.scope = found[0] if found else self.root

    def contains(self, marker: bytes) -> bool:
        """A cheap test on the raw bytes (ASCII markup is the same in every charset here)."""
        found = self._marks.get(marker)
        return holds(self.body, marker) if found is None else found

    def find_markers(self, markers: tuple[bytes, ...]) -> None:
        """Test the bytes for all these markers at once, for `contains` to answer from: the
        designs' hints and the page's own markers are a dozen tests of every page, cheaper
        in one scan for each rare byte than in a scan each."""
        self._marks.update(zip(markers, holds_each(self.body, markers), strict=True))

    def css(self, query: str) -> list:
        """Elements matching a CSS query inside the current scope."""
        return compiled(query)(self.scope)

    def first_text(self, queries: Iterable[str]) -> tuple[str | None, str | None]:
        """Cleaned text of the first non-empty match among the queries, and the query."""
        for q in queries:
            for node in self.css(q)[:MAX_NODES]:
                text = text_of(node)
                if text:
                    return text, q
        return None, None

    @cached_property
    def meta(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for node in (_HEAD_META(self.root) or _META(self.root))[: 5 * MAX_NODES]:
            key = node.get("property") or node.get("name")
            if key and key.lower() not in out:
                out[key.lower()] = node.get("content")
        return out

    def _may_hold(self, marker: bytes) -> bool:
        """The page's text can hold `marker`, judged by its bytes (always, in a charset that
        does not spell ASCII as ASCII): a whole-tree query is skipped when it cannot."""
        return self.contains(marker) or not _ascii_compatible(self.encoding)

    @cached_property
    def json_ld(self) -> dict:
        """The first NewsArticle-like JSON-LD object, or {}."""
        blobs = _HEAD_JSON_LD(self.root)
        # Most pages keep JSON-LD in <head> or have none: the whole tree is queried (a walk of
        # every node) only when the bytes name it, or a script tag spells an attribute with a
        # character reference (`ld&#43;json`), or the charset does not spell markup as ASCII.
        if not blobs and (self._may_hold(b"ld+json") or script_tag_reference(self.body)):
            blobs = _JSON_LD(self.root)
        for blob in blobs[:MAX_NODES]:
            if len(blob) > _JSON_LD_MAX:
                continue
            try:
                data = orjson.loads(str(blob))  # lxml's str subclass is not taken
            except orjson.JSONDecodeError:  # broken, too deep, or lone surrogates
                continue
            for obj in data if isinstance(data, list) else [data]:
                if not isinstance(obj, dict):
                    continue
                if "@graph" in obj and isinstance(obj["@graph"], list):
                    obj = next(
                        (
                            o
                            for o in obj["@graph"]
                            if isinstance(o, dict) and "Article" in str(o.get("@type"))
                        ),
                        obj,
                    )
                if "Article" in str(obj.get("@type", "")):
                    return obj
        return {}

    @cached_property
    def script_vars(self) -> dict[str, str]:
        """Tracking variables of legacy pages (`_aname`, `_pd`)."""
        out: dict[str, str] = {}
        if not self._may_hold(b"var _"):
            return out  # no script declares one: the query would walk every node for nothing
        for script in _INLINE_SCRIPTS(self.root)[: 5 * MAX_NODES]:
            if "var _" in script:
                out.update(_SCRIPT_VAR.findall(script, 0, _SCRIPT_MAX))
        return out

    @cached_property
    def lang(self) -> str | None:
        lang = self.root.get("lang")
        return lang.split("-")[0].lower() if lang else None


# An absolute http(s) address in plain characters: urljoin gives it back unchanged, so it is
# not taken apart and put together again (most image and list links are of this form).
_PLAIN_ABSOLUTE = re.compile(
    r"https?://[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:/[A-Za-z0-9_~%+,-][A-Za-z0-9._~%+,-]{0,200}){0,30}/?"
    r"(?:\?[A-Za-z0-9._~%+,=&-]{1,500})?"
)


def join_url(base: str, href: str) -> str | None:
    """`urljoin`, or None for a link no URL can be made of (`http://[broken`)."""
    try:
        if _PLAIN_ABSOLUTE.fullmatch(href) and "/./" not in href and "/../" not in href:
            urlsplit(base)  # a base urljoin cannot read fails the link as urljoin would
            return href
        return urljoin(base, href)
    except ValueError:
        return None


def text_of(node) -> str:
    """Whitespace-folded text of an element (glued text stays glued, as `string()` gives it)."""
    return clean_text(text_content(node))


# Elements whose text is never article text, wherever they sit inside a body container.
_SKIP_TAGS = {
    "script",
    "style",
    "table",
    "figure",
    "figcaption",
    "noscript",
    "iframe",
    "button",
    "img",
    "amp-img",
    "form",
    "aside",
    "video",
    "audio",
    "h1",
    "header",
    "nav",
    "footer",
    "picture",
    "svg",
}
# Class words of image and caption blocks in the recorded designs (`view_con_caption`,
# `img_box`, `imageC`, `img_tbl`), matched as whole words of a class token.
_MEDIA_WORDS = frozenset(
    {"caption", "img", "image", "imagec", "photo", "thumb", "figure", "thumimage"}
)
_BLOCK_TAGS = {"p", "div", "h2", "h3", "h4", "li", "blockquote", "section", "article", "ul", "ol"}
_BLOCK_TAGS |= {"dl", "dd", "dt", "main", "center", "tr", "td", "tbody"}
# An element holding an image and at most this much text is an image block: its text is a
# caption, never article text.
_CAPTION_MAX = 400
# AMP pages print their photos as `amp-img`.
IMG_TAGS = frozenset({"img", "amp-img"})
_IMAGE_NAMES = (b"img", b"amp-img", b"picture")


def _media_class(el) -> bool:
    cls, ident = el.get("class"), el.get("id")
    return bool(cls or ident) and not _MEDIA_WORDS.isdisjoint(ident_words(cls, ident)[1])


def _skipped(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP_TAGS or not tag:
        return True
    return chrome_class(el) or _media_class(el)


def _links_only(el) -> bool:
    """A block whose text is all link text: a tool bar or a list of links, not article text."""
    if not has_descendant(el, (b"a",)):
        return False
    total = len(text_content(el).strip())
    links = list(el.iter("a"))[:MAX_NODES]
    linked = sum(len(text_content(a).strip()) for a in links)
    if total == 0:
        return False
    # A teaser card: a short label (`Read next`) over a link to another article.
    return linked >= total - 2 or (linked * 5 >= total * 4 and _to_an_article(links))


_FORM_BOX_MAX = 300


def _form_box(el) -> bool:
    """A short block holding a form or an input: a newsletter sign-up or a search box."""
    if not has_descendant(el, (b"form", b"input")):
        return False
    # A wrapper of the whole page can hold a form too: its text is read only until it is
    # clearly too long for a box.
    size = 0
    for text in el.itertext():
        size += len(text)
        if size > 4 * _FORM_BOX_MAX:
            return False
    return text_length(el) <= _FORM_BOX_MAX


# Labels of a box that points to other stories, as it prints them.
_TEASER_LABELS = (
    "read next",
    "read more",
    "related",
    "recommended",
    "more from",
    "you may also like",
    "관련기사",
    "관련 기사",
    "함께 볼 기사",
    "추천 기사",
    "많이 본 기사",
)
_TEASER_CARD_MAX = 600


def _teaser_card(el) -> bool:
    """A short block labelled as pointing elsewhere (`Read next`, `함께 볼 기사`) that links to
    another article: a teaser, whatever its classes say."""
    if el.tag == "p" or not has_descendant(el, (b"a",)):
        return False
    # The label opens the block: its first few texts are read, not the whole block (a wrapper
    # of the whole text is asked too).
    head = ""
    for k, text in enumerate(el.itertext()):
        head += text
        if k >= 4 or len(head) >= 40:
            break
    if not head.lstrip()[:24].casefold().startswith(_TEASER_LABELS):
        return False
    return text_length(el) <= _TEASER_CARD_MAX and _to_an_article(el.iter("a"))


_ARTICLE_HREF = re.compile(r"view\.php\?ud=|/article/\d")


def _to_an_article(links) -> bool:
    """One of these `<a>` elements links to an article of the sites."""
    return any(_ARTICLE_HREF.search(a.get("href", "")[:300]) for a in links)


def _article_links(el) -> bool:
    """A list whose every item links to an article: related-article teasers, never text."""
    items = [li for li in el if li.tag == "li"][:50]
    if not items:
        return False
    return all(_to_an_article(li.iter("a")) for li in items)


def image_block(el) -> bool:
    """An element that holds an image and little text: a photo with its caption."""
    if not isinstance(el.tag, str) or el.tag in IMG_TAGS:
        return el.tag in IMG_TAGS
    if not has_descendant(el, _IMAGE_NAMES, True):
        return False
    # The length alone settles most blocks; only a longer one is built to strip its spaces.
    return text_length(el) <= _CAPTION_MAX or len(text_content(el).strip()) <= _CAPTION_MAX


def paragraphs(node, captions: list[str] | None = None) -> list[str]:
    """Paragraphs of a body container, in order.

    Paragraph breaks are `<br>` runs and block elements; captions, tables, scripts and share
    widgets are skipped. Works on `<br>`-separated legacy bodies and `<p>` bodies alike, and on
    malformed nesting, since it walks whatever tree lxml recovered. Images are recognised by
    what they hold, not by class: an element with an image and little text is a photo block,
    and a short non-paragraph block right after a bare image is its caption. Their text goes to
    `captions` when given.
    """
    root = node
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_text("".join(current))
        if text:
            parts.append(text)
        current.clear()

    def walk(el, depth: int = 0) -> None:
        if el.text:
            current.append(el.text)
        after_bare_image = False
        # (tag, class) of the blocks read as text here: a block after a bare image that looks
        # like them is the next paragraph, not the image's caption.
        text_blocks: set[tuple[str, str | None]] = set()
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            bare_image = False
            if tag == "br":
                flush()
            elif tag and tag not in IMG_TAGS and image_block(child):
                flush()
                if captions is not None and (text := text_of(child)):
                    captions.append(text)
                # A `<figure>` holds its own caption, if it has one.
                bare_image = tag != "figure" and not text_of(child)
            elif tag in IMG_TAGS:
                bare_image = True
            elif (
                after_bare_image
                and tag in _BLOCK_TAGS
                and tag != "p"
                and (tag, child.get("class")) not in text_blocks
                and text_length(child) <= _CAPTION_MAX
            ):
                flush()  # the caption printed under an image that has none of its own
                if captions is not None and (text := text_of(child)):
                    captions.append(text)
            elif (
                _skipped(child)
                or (
                    tag in _BLOCK_TAGS
                    and (_links_only(child) or _form_box(child) or _teaser_card(child))
                )
                or (tag in ("ul", "ol") and _article_links(child))
            ):
                if tag in _BLOCK_TAGS or tag in ("table", "figure"):
                    flush()
            elif tag in _BLOCK_TAGS and depth < 60:
                flush()
                walk(child, depth + 1)
                flush()
                text_blocks.add((tag, child.get("class")))
            elif depth < 60:
                walk(child, depth + 1)
            after_bare_image = bare_image or (after_bare_image and not child.tail and tag == "br")
            if child.tail:
                if child.tail.strip():
                    after_bare_image = False
                current.append(child.tail)

    walk(root)
    flush()
    return parts
