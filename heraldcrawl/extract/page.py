"""One fetched page, decoded and parsed once, with the metadata every layout falls back on."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cached_property

from lxml import html as lxml_html
from parsel import Selector
from w3lib.encoding import html_to_unicode

from heraldcrawl.normalize import clean_text


def _detect(body: bytes) -> str | None:
    """Charset of a page that declares none: UTF-8 if it decodes, else a statistical guess."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return best.encoding if best else None


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


def decode(body: bytes, headers: Mapping | None = None) -> tuple[str, str]:
    """(text, encoding): HTTP charset, then BOM and `<meta>` charset, then detection.

    w3lib maps EUC-KR labels to CP949, its superset, which real Korean pages need.
    """
    encoding, text = html_to_unicode(
        header_value(headers, "content-type"), body, auto_detect_fun=_detect
    )
    return text, encoding


_SCRIPT_VAR = re.compile(r"var\s+(_\w+)\s*=\s*[\"']([^\"']*)[\"']")


class Page:
    """A parsed page: selector, JSON-LD, meta tags and tracking variables."""

    def __init__(self, body: bytes, url: str, headers: Mapping | None = None) -> None:
        self.url = url
        self.text, self.encoding = decode(body, headers)
        self.sel = Selector(text=self.text, type="html")

    def css(self, query: str):
        return self.sel.css(query)

    def first_text(self, queries: Iterable[str]) -> tuple[str | None, str | None]:
        """Cleaned text of the first non-empty match among the queries, and the query."""
        for q in queries:
            for node in self.sel.css(q):
                text = text_of(node)
                if text:
                    return text, q
        return None, None

    @cached_property
    def meta(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for node in self.sel.xpath("//meta[@content]"):
            key = node.attrib.get("property") or node.attrib.get("name")
            if key and key not in out:
                out[key.lower()] = node.attrib["content"]
        return out

    @cached_property
    def json_ld(self) -> dict:
        """The first NewsArticle-like JSON-LD object, or {}."""
        for blob in self.sel.xpath('//script[@type="application/ld+json"]/text()').getall():
            try:
                data = json.loads(blob)
            except ValueError:
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
        for script in self.sel.xpath("//script[not(@src)]/text()").getall():
            if "var _" in script:
                out.update(_SCRIPT_VAR.findall(script))
        return out

    @cached_property
    def lang(self) -> str | None:
        lang = self.sel.xpath("/html/@lang").get()
        return lang.split("-")[0].lower() if lang else None


def text_of(node) -> str:
    """Whitespace-folded text of a selector node (`string()` keeps glued text glued)."""
    return clean_text(node.xpath("string()").get())


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
    "form",
    "aside",
    "video",
    "audio",
    "h1",
    "header",
    "nav",
    "footer",
}
_SKIP_CLASSES = re.compile(
    r"caption|img_box|thumimage|view_tit_icon|share|ad_|khadv|popular|related|img_tbl"
)
_BLOCK_TAGS = {"p", "div", "h2", "h3", "h4", "li", "blockquote", "section", "article", "ul"}


def _skipped(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP_TAGS or not tag:
        return True
    ident = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(ident.strip()) and bool(_SKIP_CLASSES.search(ident))


def paragraphs(node) -> list[str]:
    """Paragraphs of a body container, in order.

    Paragraph breaks are `<br>` runs and block elements; captions, tables, scripts and share
    widgets are skipped. Works on `<br>`-separated legacy bodies and `<p>` bodies alike, and on
    malformed nesting, since it walks whatever tree lxml recovered.
    """
    root = node.root
    if isinstance(root, str):
        root = lxml_html.fragment_fromstring(root, create_parent="div")
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_text("".join(current))
        if text:
            parts.append(text)
        current.clear()

    def walk(el) -> None:
        if el.text:
            current.append(el.text)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                flush()
            elif _skipped(child):
                if tag in _BLOCK_TAGS or tag in ("table", "figure"):
                    flush()
            elif tag in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            if child.tail:
                current.append(child.tail)

    walk(root)
    flush()
    return parts
