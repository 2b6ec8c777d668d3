"""Article pages rewritten the way a redesign rewrites a site (`heraldcrawl replica --mutate SEED`).

`mutate_page(html, seed, key=url)` takes the decoded text of one article page of any replica
design and returns another page a reader could not tell apart by its text: every class and id
renamed (or dropped), container tags swapped, extra wrappers, the header's parts reordered, the
dateline and byline moved into other elements (sometimes the dateline after the body), `<html
lang>` changed or removed, JSON-LD dropped on about half the pages. Meta tags, `<title>` and the
text of every part are kept exactly.

The seed is the redesign: one seed maps the same old class to the same new name and makes the
same structural choices on every page, so a mutated site looks like one new design; `key` (the
article URL) draws the per-page variations. The caller encodes the result in the page's own
charset (the meta charset tag is kept; non-breaking spaces are printed as `&nbsp;` so EUC-KR pages
stay encodable).
"""

from __future__ import annotations

import hashlib
import random
import re
from functools import lru_cache

import lxml.html
from lxml import etree

__all__ = ["mutate_page"]

# Text of a part is looked at up to this many characters: header parts are short, and a cap
# keeps the regular expressions below linear in a bounded input.
_CAP = 400
# Tags that are never renamed or retagged: their content is not markup a design chooses.
_KEEP = frozenset({"script", "style", "noscript", "br", "img", "html", "head", "body"})
_BLOCK = frozenset(
    {"div", "p", "ul", "ol", "li", "table", "tr", "td", "th", "section", "article", "main"}
    | {"header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "dl"}
    | {"dt", "dd", "form", "blockquote", "center"}
)
# Dateline wording (site-notes sections 5 and 8) and date forms; no nested quantifiers.
_DATE = re.compile(
    r"(?:Published|Updated)\s{0,3}:|기사입력|최종수정|입력\s{0,3}\d|\d{4}년"
    r"|\b(?:19|20)\d\d[-./]\s{0,2}\d{1,2}"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s{1,3}\d{1,2},"
)
# `By Name` may be glued to what comes before it (`18:04By Kim`), never to a letter.
_BYLINE = re.compile(r"(?:^|[^A-Za-z])By\s{1,3}[A-Z가-힣]|[가-힣]{2,4}\s?(?:선임)?기자")
_WS = re.compile(r"\s+")

_PREFIXES = (
    "art",
    "c",
    "k",
    "nw",
    "blk",
    "hd",
    "bd",
    "cnt",
    "vw",
    "ui",
    "mod",
    "sec",
    "txt",
    "box",
    "pn",
    "ly",
)
_MIDDLES = ("hd", "bd", "tx", "mt", "wr", "in", "co", "it", "ln", "gr", "x", "q")
_ALNUM = "abcdefghijkmnpqrstuvwxyz0123456789"


def _hash(seed: int, text: str) -> bytes:
    return hashlib.blake2b(f"{seed}\0{text}".encode(), digest_size=8).digest()


@lru_cache(maxsize=16384)
def _new_name(seed: int, old: str) -> str | None:
    """The class (or id, for `#name`) `old` gets under redesign `seed`; None: dropped."""
    h = _hash(seed, old)
    if not old.startswith("#") and h[0] < 26:  # about one class in ten is not carried over
        return None
    tail = "".join(_ALNUM[b % len(_ALNUM)] for b in h[4 : 4 + 2 + h[3] % 3])
    if not any(ch.isdigit() for ch in tail):  # a digit keeps it clear of every original name
        tail = tail[:-1] + str(h[5] % 10)
    if h[1] % 2:
        return f"{_PREFIXES[h[2] % len(_PREFIXES)]}-{_MIDDLES[h[3] % len(_MIDDLES)]}-{tail}"
    return f"{_PREFIXES[h[2] % len(_PREFIXES)]}-{tail}"


def _pick(seed: int, what: str, options: tuple[str, ...]) -> str:
    return options[_hash(seed, what)[0] % len(options)]


class _Design:
    """The structural choices of redesign `seed` (the same on every page)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"design:{seed}")
        self.seed = seed
        self.order = ["title", "subtitle", "date", "byline"]
        rng.shuffle(self.order)
        self.h1 = rng.choice(("h1", "h2", "div", "h1"))
        self.h2 = rng.choice(("h2", "h3", "div", "p"))
        self.p = rng.choice(("p", "p", "div"))
        self.span = rng.choice(("span", "em"))
        self.em = rng.choice(("em", "span"))
        self.date_form = rng.choice(("span-div", "time", "p", "div"))
        self.byline_form = rng.choice(("span-div", "p", "div", "em-div"))
        self.header_wrappers = rng.randint(1, 2)
        self.body_wrappers = rng.randint(1, 2)
        # The share of pages whose dateline this design prints after the body.
        self.date_after_body = rng.uniform(0.1, 0.35)

    def container(self, old_tag: str, classes: str) -> str:
        # Per old class, so one kind of block gets one new tag across the whole site.
        key = f"tag:{old_tag}:{classes}"
        return _pick(self.seed, key, ("div", "section", "article", "div", "main", "section"))


@lru_cache(maxsize=64)
def _design(seed: int) -> _Design:
    return _Design(seed)


def _fold(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _short_text(el: etree._Element) -> str:
    return _fold(el.text_content()[: _CAP * 2])[:_CAP]


def _detach(el: etree._Element) -> None:
    """Remove `el` from the tree, leaving its tail text where it was."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    el.tail = None
    parent.remove(el)


def _detach_part(el: etree._Element) -> None:
    """Detach `el`, then the wrappers it leaves empty (no text, no elements)."""
    parent = el.getparent()
    _detach(el)
    for _ in range(4):
        if parent is None or parent.tag == "body" or len(parent) or _fold(parent.text):
            break
        up = parent.getparent()
        _detach(parent)
        parent = up


def _has_block(el: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCK for d in el.iterdescendants())


def _find_title(doc: etree._Element, body: etree._Element) -> etree._Element | None:
    head_title = doc.xpath("string(//head/meta[@property='og:title']/@content)") or doc.xpath(
        "string(//head/title)"
    )
    title = _fold(head_title)
    if not title:
        return None
    found = body.xpath(
        ".//*[not(ancestor-or-self::a)][not(.//a)][normalize-space(.)=$t]"
        "[not(.//*[normalize-space(.)=$t])]",
        t=title,
    )
    found = [el for el in found if el.tag not in _KEEP]
    if not found:
        return None
    headings = [el for el in found if el.tag in ("h1", "h2")]
    return (headings or found)[0]


def _find_body(body: etree._Element) -> etree._Element | None:
    for query in (".//*[@id='articleText']", ".//*[@itemprop='articleBody']"):
        hit = body.xpath(query)
        if hit:
            return hit[0]
    # Else the element holding the most text directly (its own text, tails, child paragraphs).
    best, best_score = None, 0
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in _KEEP or el.tag == "a":
            continue
        score = len((el.text or "").strip())
        for child in el:
            score += len((child.tail or "").strip())
            if child.tag == "p":
                score += len(child.text_content())
        if score > best_score:
            best, best_score = el, score
    return best


def _is_date(text: str) -> bool:
    return bool(_DATE.search(text))


def _is_byline(el: etree._Element, text: str) -> bool:
    return bool(_BYLINE.search(text)) or bool(el.xpath(".//a[contains(@href, 'byline=')]"))


def _contains(outer: etree._Element, inner: etree._Element | None) -> bool:
    while inner is not None:
        if inner is outer:
            return True
        inner = inner.getparent()
    return False


def _header_parts(
    title: etree._Element, article_body: etree._Element | None
) -> tuple[etree._Element, etree._Element, dict[str, list[etree._Element]]]:
    """(header container, the title's part, {"subtitle"|"date"|"byline": elements})."""
    part, holder = title, title.getparent()
    for _ in range(3):
        found: dict[str, list[etree._Element]] = {}
        for child in holder:
            if child is part or not isinstance(child.tag, str) or child.tag in _KEEP:
                continue
            if _contains(child, article_body) or _contains(child, part):
                continue
            if child.xpath(".//a[not(contains(@href, 'byline='))]"):
                continue  # share bars, related links: chrome, left where they are
            text = _short_text(child)
            if not text or len(text) >= _CAP:
                continue
            date, byline = _is_date(text), _is_byline(child, text)
            if date and byline:
                found.setdefault("info", []).append(child)
            elif date:
                found.setdefault("date", []).append(child)
            elif byline:
                found.setdefault("byline", []).append(child)
        if found:
            nxt = part.getnext()
            if (
                nxt is not None
                and isinstance(nxt.tag, str)
                and not any(nxt in v for v in found.values())
                and (nxt.tag in ("h2", "h3", "h4", "h5", "h6") or "sub" in nxt.get("class", ""))
            ):
                found["subtitle"] = [nxt]
            return holder, part, found
        if holder.tag == "body" or holder.getparent() is None:
            break
        part, holder = holder, holder.getparent()
    return holder, part, {}


def _split_info(el: etree._Element) -> dict[str, list[etree._Element]]:
    """A holder of both dateline and byline, split into its children of each kind if it can."""
    el = _descend(el)
    kinds: dict[str, list[etree._Element]] = {}
    loose = _fold(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            continue
        text = _short_text(child)
        loose += _fold(child.tail)
        if _is_date(text) and _is_byline(child, text):
            return {"info": [el]}
        if _is_date(text):
            kinds.setdefault("date", []).append(child)
        elif _is_byline(child, text):
            kinds.setdefault("byline", []).append(child)
        elif text:
            return {"info": [el]}
    if loose or set(kinds) != {"date", "byline"}:
        return {"info": [el]}  # text of both kinds in one run: the part stays whole
    return kinds


def _descend(el: etree._Element) -> etree._Element:
    """Past wrappers that hold a single element and no text of their own."""
    for _ in range(4):
        kids = [c for c in el if isinstance(c.tag, str)]
        if len(kids) != 1 or _fold(el.text) or _fold(kids[0].tail):
            break
        if kids[0].tag not in ("div", "span", "p", "section", "article", "em", "strong"):
            break
        el = kids[0]
    return el


def _repack(elements: list[etree._Element], form: str, name: str, seed: int) -> etree._Element:
    """A new element holding `elements`' content (or the elements, when they hold blocks)."""
    outer = etree.Element("div")
    _set_class(outer, seed, f"+{name}")
    inline = len(elements) == 1 and not _has_block(elements[0])
    if not inline:
        for el in elements:
            _detach_part(el)
            outer.append(el)
        return outer
    src = _descend(elements[0])
    if form in ("span-div", "em-div", "time"):
        inner_tag = {"span-div": "span", "em-div": "em", "time": "time"}[form]
        inner = etree.SubElement(outer, inner_tag)
        _set_class(inner, seed, f"+{name}-in")
    else:
        outer.tag = form
        inner = outer
    inner.text = src.text
    for child in list(src):
        inner.append(child)  # moves it, tail included
    _detach_part(elements[0])
    return outer


def _set_class(el: etree._Element, seed: int, old: str) -> None:
    name = _new_name(seed, old)
    if name:
        el.set("class", name)


def _rename(el: etree._Element, design: _Design, seed: int) -> None:
    classes = el.get("class")
    tag = el.tag
    if tag in _KEEP:
        pass
    elif tag == "div" or tag in ("section", "article", "main"):
        el.tag = design.container(tag, classes or el.get("id") or "")
    elif tag == "h1":
        el.tag = design.h1
        if el.tag == "div" and not classes:
            classes = "+title"  # a heading turned div keeps a class to be styled by
    elif tag == "h2":
        el.tag = design.h2
    elif tag == "p":
        el.tag = design.p
    elif tag == "span":
        el.tag = design.span
    elif tag == "em":
        el.tag = design.em
    if classes is not None:
        new = [n for n in (_new_name(seed, c) for c in classes.split()) if n]
        if new:
            el.set("class", " ".join(new))
        else:
            el.attrib.pop("class", None)
    ident = el.get("id")
    if ident is not None:
        el.set("id", _new_name(seed, "#" + ident) or "x")


def mutate_page(html: str, seed: int, *, key: str) -> str:
    """`html` (one article page's decoded text) as redesign `seed` prints it; `key` (the article
    URL) draws this page's own variations. Pure: the same arguments give the same page."""
    design = _design(seed)
    rng = random.Random(f"page:{seed}:{key}")
    doc = lxml.html.document_fromstring(html)
    body = doc.find("body")
    if body is None:
        return html

    # Per page: the language attribute and the JSON-LD block.
    lang = doc.get("lang")
    r = rng.random()
    if r < 0.25:
        doc.attrib.pop("lang", None)
    elif r < 0.5:
        doc.set("lang", "en-US")
    elif r < 0.75:
        doc.set("lang", "ko" if (lang or "en").startswith("en") else "en")
    if rng.random() < 0.5:
        for script in doc.xpath("//script[@type='application/ld+json']"):
            _detach(script)

    # Collected before any class is renamed, so markers such as #articleText still point.
    article_body = _find_body(body)
    title = _find_title(doc, body)
    if title is not None:
        _, title_part, found = _header_parts(title, article_body)
        for info in found.pop("info", []):
            for kind, els in _split_info(info).items():
                found.setdefault(kind, []).extend(els)
        date_els = found.pop("date", []) + found.pop("info", [])
        byline_els = found.pop("byline", [])
        slots: dict[str, etree._Element] = {}
        # The header: a new wrapper where the title was, its parts in the design's order.
        anchor = etree.Element("div")
        title_part.addprevious(anchor)
        if date_els:
            form = design.date_form if rng.random() < 0.8 else rng.choice(("p", "div", "time"))
            slots["date"] = _repack(date_els, form, "date", seed)
        if byline_els:
            form = design.byline_form if rng.random() < 0.8 else rng.choice(("p", "div"))
            slots["byline"] = _repack(byline_els, form, "byline", seed)
        for kind in ("subtitle",):
            if found.get(kind):
                el = found[kind][0]
                _detach(el)
                slots[kind] = el
        _detach(title_part)
        slots["title"] = title_part
        order = list(design.order)
        if rng.random() < 0.2:
            rng.shuffle(order)
        after_body = (
            "date" in slots and article_body is not None and rng.random() < design.date_after_body
        )
        header = anchor
        _set_class(header, seed, "+header")
        inner = header
        for depth in range(1, design.header_wrappers):
            inner = etree.SubElement(inner, "div")
            _set_class(inner, seed, f"+header{depth}")
        for kind in order:
            if kind in slots and not (kind == "date" and after_body):
                inner.append(slots[kind])
        if after_body and article_body is not None:
            article_body.addnext(slots["date"])

    if article_body is not None and article_body.getparent() is not None:
        # Extra wrappers around the body.
        for depth in range(design.body_wrappers):
            wrap = etree.Element("div")
            _set_class(wrap, seed, f"+body{depth}")
            article_body.addprevious(wrap)
            tail, article_body.tail = article_body.tail, None
            wrap.append(article_body)
            wrap.tail = tail

    # Elements made above are renamed too (a name of a name): harmless, and one pass.
    for el in body.iter():
        if isinstance(el.tag, str) and el.tag not in ("script", "style"):
            _rename(el, design, seed)

    out = lxml.html.tostring(doc, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    # As the originals print it, so a page in an EUC-KR charset stays encodable.
    return out.replace("\xa0", "&nbsp;")
