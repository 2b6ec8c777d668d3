"""Fields found by what they say, not where they sit: the fallbacks for markup no layout knows.

A redesign renames classes, swaps container tags and moves header parts around, but the page
still prints a headline, a dateline with its wording (`Published :`, `기사입력`, `입력`), a byline
(`By ...`, `[헤럴드경제=... 기자]`) and paragraphs of running text. One walk of the tree collects
the page's text in document order; the finders below read that list and never look at a class.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from heraldcrawl.normalize import (
    EMAIL,
    clean_text,
    first_word_at,
    parse_dateline,
    split_byline_dateline,
)

# Text that is never part of the article: scripts, styles, forms' option lists.
# Scripts stay in the tree (JSON-LD and tracking variables are read from them lazily); their
# text is skipped by its parent's tag. The rest is cut from the tree in C before reading.
_CUT = ("style", "noscript", "template", "svg", "select", "textarea")
_TEXT_NODES = etree.XPath(".//text()")
_LINKED = etree.XPath(".//a | .//a//*")
_LINK_TEXTS = etree.XPath(".//a//text()", smart_strings=False)
# Inline elements: their text belongs to the block around them.
INLINE = {"a", "b", "strong", "em", "i", "u", "span", "font", "small", "big", "sub", "sup", "mark"}
INLINE |= {"time", "abbr", "cite", "q", "s", "label"}
# Tags that hold navigation, never the article's text.
CHROME_TAGS = ("nav", "footer", "aside", "form", "button")
_CHROME_TAG_NODES = etree.XPath(" | ".join(f".//{t}" for t in CHROME_TAGS))
# Whole class or id tokens of chrome blocks in the recorded designs, and words that name chrome
# in any design (`related-news`, `ad_2`, `sns_share`). Tokens, not substrings: `lead_text` holds
# `ad_` but is article text.
CHROME_TOKENS = frozenset(
    {
        "main_r",
        "main_r_tit",
        "view_main_c_li",
        "spot_li",
        "khadv_bg",
        "view_tit_icon",
        "thumimage",
        "news_btn_wrap",
        "con_right",
        "view_top_t2_cate",
        "mask_div",
        "wp_adbn_root",
        "mobon_toast_banner",
        "scrolldiv",
        "tbfadein",
        "gnb",
        "lnb",
    }
)
CHROME_WORDS = frozenset(
    {
        "ad",
        "ads",
        "adv",
        "advert",
        "advertisement",
        "banner",
        "share",
        "sns",
        "social",
        "popular",
        "related",
        "recommend",
        "btn",
        "button",
        "menu",
        "nav",
        "navigation",
        "breadcrumb",
        "footer",
        "sidebar",
        "comment",
        "comments",
        "subscribe",
        "newsletter",
        "promo",
        "sponsored",
    }
)


# Class and id values with their elements (smart strings): testing the value first, cached,
# costs less than building every element.
IDENTS = etree.XPath(".//@class | .//@id")
# A real page has a few hundred classes and ids; a hostile one's millionth is never read.
_MAX_IDENTS = 50_000


WORD_SPLIT = re.compile(r"[-_\s]+")
# A text run long enough to be a paragraph of running text rather than a label or a link.
_PARA_MIN = 25
# Sentence ends in English and Korean running text.
_KO_SENTENCE = re.compile(r"[가-힣][다요][.!?]|[가-힣][.?!]$")
_SENTENCE = re.compile(r"[.!?][\"'’”)]?(?:\s|$)|다\.|요\.|[.!?]$")
# The window of text around the headline searched for its dateline and byline, in segments.
_BEFORE_TITLE = 12
_AFTER_TITLE = 60
_ZONE_CHARS = 3000
# A dateline's wording, followed by its digits or month; labels of both papers.
# Each opens with a lookahead on its possible first letters: re tries every position of a long
# text, and one class test per position is several times cheaper than every alternative.
_LABELLED = re.compile(
    r"(?=[PUMpum기최입수등])"
    r"(?:Published|Updated|Posted|Modified|기사\s?입력|최종\s?수정|입력|수정|등록)\s{0,3}[:：|]?\s{0,3}"
    r"(?=\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s)",
    re.IGNORECASE,
)
# An unlabelled printed date: `Oct. 27, 2024 - 17:49`, `2019.08.21 16:13`, `2019-08-21 16:13`.
_PRINTED_DATE = re.compile(
    r"(?=[JFMASONDjfmasond\d])(?:"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s{1,3}\d{1,2},\s{0,3}\d{4}"
    r"|\d{4}\s?[-./년]\s?\d{1,2}\s?[-./월]\s?\d{1,2})",
    re.IGNORECASE,
)
_BY_LINE = re.compile(r"(?:^|[\s\d:|•·])By\s{1,3}(?=[A-Z가-힣])")
_REPORTER_LINK = re.compile(r"list_(?:name|reporter)\.php\?", re.IGNORECASE)


_PARA_TAGS = {"p", "li", "dd", "blockquote"}


_CONTAINER_CHILDREN = {"p", "div", "section", "article", "table", "ul", "ol", "br", "figure"}
_CONTAINER_CHILDREN |= {"h2", "h3", "h4", "blockquote", "main", "dl"}


def _paragraph_like(block) -> bool:
    """A block that is one paragraph (a `p`, or a `div` of only text and inline markup), whose
    text scores for the element around it; a block holding blocks or `<br>` runs is a container."""
    if block.tag in _PARA_TAGS:
        return True
    if block.tag not in ("div", "section", "span", "font", "article"):
        return False
    return not any(child.tag in _CONTAINER_CHILDREN for child in block)


def _wrapped(el):
    """The element around a chain of one-child wrappers that starts at `el`, or None."""
    for _ in range(6):
        parent = el.getparent()
        if parent is None:
            return None
        if len(parent) != 1 or (parent.text and parent.text.strip()):
            return parent
        el = parent
    return None


def chrome_class(el) -> bool:
    """True when the element's class or id names a chrome block (whole tokens or words)."""
    return _chrome_ident(el.get("class"), el.get("id"))


def ident_words(cls: str | None, ident: str | None) -> tuple[tuple[str, ...], frozenset[str]]:
    """An element's class and id as lower-case whole tokens, and every word of them
    (`related-news` is a token of the words `related` and `news`)."""
    return _ident_words((cls or "")[:256], (ident or "")[:128])


@lru_cache(maxsize=4096)
def _ident_words(cls: str, ident: str) -> tuple[tuple[str, ...], frozenset[str]]:
    # Keyed by the cut values, so that it never keeps a hostile page's megabyte values.
    tokens = tuple(f"{cls} {ident}".lower().split())
    return tokens, frozenset(w for token in tokens for w in WORD_SPLIT.split(token))


def _chrome_ident(cls: str | None, ident: str | None) -> bool:
    if not cls and not ident:
        return False
    tokens, words = ident_words(cls, ident)
    return not CHROME_WORDS.isdisjoint(words) or any(
        token in CHROME_TOKENS or token.startswith(("soea", "ad_")) for token in tokens
    )


_STRING = etree.XPath("string()", smart_strings=False)


def text_content(el) -> str:
    """All text inside an element, as `string()` gives it."""
    return _STRING(el)


def _text_lengths_py(el) -> tuple[int, int]:
    return len(_STRING(el)), sum(map(len, _LINK_TEXTS(el)))


def text_length(el) -> int:
    """len(text_content(el)), without building the text."""
    return text_lengths(el)[0]


@dataclass(slots=True)
class Segment:
    """One run of text in document order, and the element whose content it is."""

    text: str
    owner: etree._Element
    link: bool  # inside an `<a>`
    chrome: bool  # inside a navigation or chrome block


def _text_runs_py(
    top, is_chrome, max_texts: int, max_chrome_tags: int, max_idents: int, top_chrome: bool
) -> list[Segment]:
    """The non-blank text runs under `top` in document order (the reference for the C walk of
    `_runs.text_runs`, which gives the same runs about ten times faster).

    Text nodes come from libxml2 in one query. A run is inside a link or a chrome block when
    the element it belongs to is: the sets hold every element of those subtrees, each walked
    once.
    """
    texts = _TEXT_NODES(top)[:max_texts]
    linked = set(_LINKED(top))
    chrome: set = set(top.iter()) if top_chrome else set()
    for el in _CHROME_TAG_NODES(top)[:max_chrome_tags]:
        if el not in chrome:
            chrome.update(el.iter())
    for value in IDENTS(top)[:max_idents]:
        if value and is_chrome(value[:256]):
            el = value.getparent()
            if el not in chrome:
                chrome.update(el.iter())
    segments = []
    for t in texts:
        if not t.strip():
            continue
        parent = t.getparent()
        if t.is_tail:
            owner = parent.getparent()
        elif parent.tag == "script":
            continue
        else:
            owner = parent
        if owner is None:
            continue
        segments.append(Segment(str(t), owner, owner in linked, owner in chrome))
    return segments


try:
    from heraldcrawl.extract import _runs
except (ImportError, ValueError):
    # Not built (no C compiler at install), or built against an lxml whose types differ
    # (Cython's size check): the same figures from the Python walk, slower.
    _runs = None
# The interface this module expects of the C walk: a checkout whose source moved on since the
# last `pip install -e .` must not load a module of another shape.
_RUNS_ABI = 7
if _runs is not None and getattr(_runs, "ABI", None) != _RUNS_ABI:
    warnings.warn(
        "heraldcrawl/extract/_runs was built from an older _runs.pyx; extraction uses the "
        "slower Python walk until it is rebuilt (pip install -e .)",
        RuntimeWarning,
        stacklevel=1,
    )
    _runs = None


def _chrome_value(value: str) -> bool:
    return _chrome_ident(value, None)


# Whether a class or id value names chrome, for the C walk: it reads answers from a dict and
# names the values it lacks, which are asked here, between walks, never during one.
_CHROME_ANSWERS: dict[str, bool] = {}
_ANSWERS_MAX = 8192


def _text_runs_c(
    top, is_chrome, max_texts: int, max_chrome_tags: int, max_idents: int, top_chrome: bool
) -> list:
    """`_text_runs_py` by the C walk: one walk, and a second one when the page holds class or
    id values not seen before."""
    known = _CHROME_ANSWERS if is_chrome is _chrome_value else {}
    caps = (max_texts, max_chrome_tags, max_idents, top_chrome)
    runs, missing = _runs.text_runs(top, known, *caps)
    if not missing:
        return runs
    answers = {value: bool(is_chrome(value)) for value in missing}
    if known is _CHROME_ANSWERS and len(known) + len(answers) > _ANSWERS_MAX:
        known.clear()  # full: the values of recent pages take its place
    known.update(answers)
    return _runs.text_runs(top, known, *caps)[0]


text_runs = _text_runs_c if _runs is not None else None
text_lengths = _runs.text_lengths if _runs is not None else _text_lengths_py

# A script start tag with a character reference in its attributes (`ld&#43;json`).
_SCRIPT_TAG_REFERENCE = re.compile(rb"<script[^>]{0,300}?&", re.IGNORECASE)


def _holds_py(haystack: bytes, needle: bytes) -> bool:
    return needle in haystack


def _script_tag_reference_py(body: bytes) -> bool:
    return _SCRIPT_TAG_REFERENCE.search(body) is not None


# Byte tests run on the whole page several times a page, before any query: the C ones (glibc's
# memmem, a memchr scan) are several times faster than `in` and the regex.
holds = _runs.holds if _runs is not None else _holds_py

# Printable ASCII bytes of pages from most to least common (counted on replica pages of every
# design); a needle is looked for by its least common byte, a byte not listed counting as
# rarest. Only the speed of `holds_each` depends on it.
_COMMON_BYTES = (
    b"ieptaslnd0o:;r.c1hxg2 /<>-m=3f\"'45bw(){}68z7uk,#9S[]v?yjE|TNBC_FqALMPRDW&KHOIVG+Y!@UJ%"
)


@lru_cache(maxsize=64)
def _anchors(needles: tuple[bytes, ...]) -> tuple[int, ...]:
    """For each needle, the offset of its least common byte."""
    rank = {byte: k for k, byte in enumerate(_COMMON_BYTES)}
    return tuple(
        max(range(len(n)), key=lambda k, n=n: rank.get(n[k], len(rank))) if n else 0
        for n in needles
    )


def _has_descendant_py(el, names: tuple[bytes, ...], self_too: bool) -> bool:
    tags = [n.decode() for n in names]
    found = el.iter(*tags) if self_too else el.iterdescendants(*tags)
    return next(found, None) is not None


def has_descendant(el, names: tuple[bytes, ...], self_too: bool = False) -> bool:
    """Whether an element below `el` (or `el` itself, with `self_too`) has one of these names
    (`next(el.iter(...), None) is not None`, in C without an iterator or a proxy)."""
    if _runs is None:
        return _has_descendant_py(el, names, self_too)
    return _runs.has_descendant(el, names, self_too)


def holds_each(haystack: bytes, needles: tuple[bytes, ...]) -> tuple[bool, ...]:
    """`tuple(needle in haystack for needle in needles)`: in C, one scan for each rare byte
    the needles are anchored on, rather than one scan for each needle."""
    if _runs is None:
        return tuple(n in haystack for n in needles)
    return _runs.holds_each(haystack, needles, _anchors(needles))


script_tag_reference = _runs.script_tag_reference if _runs is not None else _script_tag_reference_py


def _chrome_above(top) -> bool:
    """An ancestor of the text tree is a chrome block (a `<html class="menu-open">`)."""
    return any(
        _chrome_value(value[:256])
        for anc in top.iterancestors()
        for value in (anc.get("class"), anc.get("id"))
        if value
    )


def _block_of(el):
    """The nearest enclosing element that is not inline: the paragraph a text run belongs to."""
    for _ in range(12):
        if el.tag not in INLINE:
            return el
        parent = el.getparent()
        if parent is None:
            return el
        el = parent
    return el


def _least_linked(scores: dict):
    """The best of the top candidates once link-heavy blocks (menus, footers, lists of
    headlines) are discounted by the share of their text that is link text (the first of
    equals wins: the higher raw score)."""
    top = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:4]

    def adjusted(item) -> float:
        el, score = item
        total, linked = text_lengths(el)
        return score * max(0.0, 1 - linked / (total or 1))

    return max(top, key=adjusted)[0]


class Reading:
    """The page's text in document order, read once, with the finders built on it."""

    def __init__(self, root, *, max_segments: int = 20_000, fast: bool = True) -> None:
        """`fast`: read the text with the C walk when it is built (the Python one otherwise)."""
        self.root = root
        self._max = max_segments
        self._fast = fast
        self._titles: dict = {}
        self._zones: dict = {}

    @cached_property
    def segments(self) -> list[Segment]:
        """The page's text runs in document order (read on first use: a page whose design
        gives every field never needs them)."""
        root, max_segments = self.root, self._max
        body = next(root.iterchildren("body"), None)
        self.top = body if body is not None else root
        # Scripts stay in the tree (JSON-LD and tracking variables are read from them); the
        # rest of what is never text is cut in C before reading.
        etree.strip_elements(self.top, *_CUT, with_tail=False)
        walk = text_runs if self._fast and text_runs is not None else _text_runs_py
        return walk(
            self.top, _chrome_value, 4 * max_segments, 500, _MAX_IDENTS, _chrome_above(self.top)
        )

    @cached_property
    def _plain(self) -> tuple[list, list[int]]:
        """The segments of running text (neither link text nor chrome), and their indexes."""
        segments = self.segments
        if segments and not isinstance(segments[0], Segment):  # the C walk's runs
            return _runs.plain_runs(segments)
        at = [i for i, s in enumerate(segments) if not (s.link or s.chrome)]
        return [segments[i] for i in at], at

    # -- the body: the densest run of paragraphs ----------------------------------------------

    @cached_property
    def body_container(self):
        """The element whose own paragraphs hold the most running text, or None.

        Runs of sentences count; link text and chrome do not. A page of only short lines is
        read again counting every line, so a two-sentence brief still has a body.
        """
        for minimum, sentences in ((_PARA_MIN, True), (8, False)):
            scores: dict = {}
            for seg in self._plain[0]:
                text = seg.text.strip()
                # Hangul packs a word in two or three letters: a Korean sentence of ten
                # letters is as long as an English one of twenty-five.
                if len(text) < minimum and not (
                    len(text) >= minimum // 2 and _KO_SENTENCE.search(text)
                ):
                    continue
                if sentences and not (
                    len(text) > 80
                    # every sentence end holds one of these: most lines are settled without re
                    or (("." in text or "!" in text or "?" in text) and _SENTENCE.search(text))
                ):
                    continue
                block = _block_of(seg.owner)
                if block.tag in ("h1", "title", "h2"):
                    continue
                # Text in a paragraph element scores for the element holding the paragraphs;
                # text directly in a container (`<br>`-separated bodies) for the container.
                holder = block.getparent() if _paragraph_like(block) else block
                if holder is None:
                    holder = block
                scores[holder] = scores.get(holder, 0) + len(text)
                if len(holder) == 1 and (outer := _wrapped(holder)) is not None:
                    # One wrapper per paragraph: the paragraphs also score for the element
                    # that holds the wrappers (a lone paragraph's own wrapper wins the tie).
                    scores[outer] = scores.get(outer, 0) + len(text)
            if scores:
                return _least_linked(scores)
        return None

    # -- the headline and the text around it -------------------------------------------------

    def title_index(self, title: str | None) -> int | None:
        """Index of the segment that starts the printed headline, or None."""
        if title not in self._titles:
            self._titles[title] = self._title_index(title)
        return self._titles[title]

    def _title_index(self, title: str | None) -> int | None:
        if not title:
            return None
        want = clean_text(title)[:40]
        if len(want) < 4:
            return None
        first_word = want.split(" ", 1)[0]
        # A headline repeated in chrome (a breadcrumb, a share text) is skipped here.
        for i, seg in zip(self._plain[1], self._plain[0], strict=True):
            if first_word not in seg.text:
                continue
            text = clean_text(seg.text)
            if text.startswith(want) or (len(text) > 8 and want.startswith(text)):
                block = _block_of(seg.owner)
                if clean_text(text_content(block))[:40] == want:
                    return i
        return None

    @cached_property
    def body_start(self) -> int | None:
        """Index of the first segment inside the text container, or None."""
        container = self.body_container
        if container is None:
            return None
        inside = self._inside_container
        for i, seg in enumerate(self.segments):
            if seg.owner in inside:
                return i
        return None

    @cached_property
    def _inside_container(self) -> set:
        container = self.body_container
        return set(container.iter()) if container is not None else set()

    def after_body(self, count: int = 8, container=None) -> list[Segment]:
        """The few segments that follow the text container (or `container`), outside chrome,
        links and lists."""
        if container is None or container is self.body_container:
            container = self.body_container
            if container is None:
                return []
            inside = self._inside_container
        else:
            inside = set(container.iter())
        last = None
        for i, seg in enumerate(self.segments):
            if seg.owner in inside:
                last = i
        if last is None:
            return []
        out = []
        for seg in self.segments[last + 1 : last + 1 + 3 * count]:
            if not (seg.chrome or seg.link or seg.owner.tag == "li"):
                out.append(seg)
            if len(out) >= count:
                break
        return out

    def zone(self, title: str | None) -> list[Segment]:
        """The segments around the headline: before it a little, after it up to the body."""
        if title not in self._zones:
            self._zones[title] = self._zone(title)
        return self._zones[title]

    def _zone(self, title: str | None) -> list[Segment]:
        t = self.title_index(title)
        b = self.body_start
        if t is None:
            end = b if b is not None else min(len(self.segments), _AFTER_TITLE)
            return [s for s in self.segments[max(0, end - _AFTER_TITLE) : end] if not s.chrome]
        end = b if b is not None and b > t else t + _AFTER_TITLE
        end = min(end, t + _AFTER_TITLE)
        return [s for s in self.segments[max(0, t - _BEFORE_TITLE) : end] if not s.chrome]

    def all_text(self, limit: int = 200_000) -> str:
        out, size = [], 0
        for seg in self.segments:
            out.append(seg.text)
            size += len(seg.text)
            if size > limit:
                break
        return clean_text(" | ".join(out))


def _joined(segments: list[Segment]) -> str:
    out, size = [], 0
    for seg in segments:
        out.append(clean_text(seg.text))
        size += len(out[-1])
        if size > _ZONE_CHARS:
            break
    return " | ".join(t for t in out if t)


def find_dates(reading: Reading, title: str | None):
    """(dateline text, Dateline) from the wording around the headline, then the whole page.

    A labelled dateline wins anywhere; an unlabelled printed date counts only near the headline
    or as a line of its own right after the text, where no date of the running text or of a
    sidebar's list can be mistaken for it.
    """
    found = _dateline_in(_joined(reading.zone(title)), labelled_only=False)
    if found is None:
        found = _dateline_in(reading.all_text(), labelled_only=True)
    if found is not None:
        return found
    for seg in reading.after_body():
        text = clean_text(seg.text)
        if (
            len(text) <= 48
            and _PRINTED_DATE.match(text)
            and (found := _dateline_in(text, labelled_only=False)) is not None
        ):
            return found
    return None


# The words every `_LABELLED` match opens with, lower-cased.
_LABEL_WORDS = ("published", "updated", "posted", "modified")
_LABEL_WORDS += ("기사", "최종", "입력", "수정", "등록")


# Every printed date holds a year of four digits, at most 19 characters after its start
# (`September. 30, 2024`): the pattern runs from a little before the first four digits.
_FOUR_DIGITS = re.compile(r"\d{4}")


def printed_date_search(text: str) -> re.Match | None:
    """`_PRINTED_DATE.search(text)`, run from a little before the text's first four digits."""
    if (year := _FOUR_DIGITS.search(text)) is None:
        return None
    return _PRINTED_DATE.search(text, max(0, year.start() - 40))


# The labelled-dateline pattern, shared with the credits' date-line cut.
LABELLED = _LABELLED


def labelled_search(text: str) -> re.Match | None:
    """`_LABELLED.search(text)`, run from where a label can first start: not over the whole
    page's text, which the pattern reads one character at a time."""
    at = first_word_at(text, _LABEL_WORDS)
    return _LABELLED.search(text, at) if at is not None else None


def _dateline_in(text: str, *, labelled_only: bool):
    m = labelled_search(text)
    if m is None and not labelled_only:
        m = printed_date_search(text)
    if m is None:
        return None
    start = m.start()
    # The dateline runs until its last label and date, within a couple of hundred characters.
    piece = text[start : start + 160]
    dateline = parse_dateline(piece)
    if dateline.published is None and dateline.updated is None:
        return None
    raw = _trim_dateline(piece)
    return raw, dateline


_DATE_END = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?|\d{4}|\d{1,2}분|\d{1,2}\."
)


def _trim_dateline(piece: str) -> str:
    """The dateline as printed: up to the end of its last date, without what follows."""
    labels = list(_LABELLED.finditer(piece))
    end = 0
    span_from = labels[-1].end() if labels else 0
    window = piece[span_from : span_from + 40]
    for m in _DATE_END.finditer(window):
        end = span_from + m.end()
    if end == 0:
        end = len(piece)
    raw = piece[:end]
    raw = raw.replace(" | ", " ").strip(" |•·")
    by = re.search(r"\sBy\s", raw)
    return clean_text(raw[: by.start()] if by else raw)


def find_byline(reading: Reading, title: str | None) -> str | None:
    """A `By ...` line near the headline (glued datelines cut off), or None.

    The names often sit in links or spans of their own (`By <a>Name</a>`): the line is read
    from the element that holds the `By`, then from its block.
    """
    for seg in reading.zone(title):
        if seg.chrome or "By" not in seg.text:
            continue
        for el in (seg.owner, _block_of(seg.owner)):
            line = clean_text(text_content(el))[:300]
            m = _BY_LINE.search(line)
            if m is None:
                continue
            byline, _ = split_byline_dateline(line[m.start() :].strip(" |•·:"))
            if byline.startswith("By"):
                return byline
    return None


_AFTER_BYLINE_MAX = 80


def byline_after_text(reading: Reading, body_node) -> str | None:
    """A design may print the byline under the text: a short line of its own opening with
    `By`, among the few segments after the text's element."""
    for seg in reading.after_body(4, body_node):
        if "By" in seg.text and (line := clean_text(text_content(seg.owner))[:300]):
            byline, _ = split_byline_dateline(line)
            if len(byline) <= _AFTER_BYLINE_MAX and _BY_LINE.match(byline):
                return byline
    return None


ARTICLES_BY = re.compile(r"^\s{0,4}(?:More\s{1,3})?(?:Articles|Stories|News)\s{1,3}by\s{1,3}", re.I)


def reporter_links(reading: Reading, title: str | None) -> list[str]:
    """Names from reporter-archive links (`list_name.php?byline=...`) near the headline, else
    from the reporter boxes that close an article (`Articles by Name`)."""
    names = _linked_names(reading.zone(title), boxes=False)
    return names or _linked_names(reading.segments, boxes=True)


def _linked_names(segments: list[Segment], *, boxes: bool) -> list[str]:
    names: list[str] = []
    for seg in segments[:20_000]:
        el = seg.owner
        href = el.get("href", "") if el.tag == "a" else ""
        if "?" not in href or not _REPORTER_LINK.search(href[:300]):
            continue
        if boxes:
            if seg.chrome or not ARTICLES_BY.match(seg.text):
                continue
            name = clean_text(ARTICLES_BY.sub("", seg.text))
            if name and name not in names and len(name) < 60:
                names.append(name)
            continue
        try:
            value = parse_qs(urlsplit(href[:500]).query).get("byline", [""])[0]
        except ValueError:
            continue
        name = clean_text(value)
        if name and name not in names:
            names.append(name)
    return names


_NOT_SUBTITLE = re.compile(r"^(?:By\s|\[|\(|Published|Updated|기사\s?입력|입력|수정|최종)")


def find_subtitle(reading: Reading, title: str | None) -> str | None:
    """The standing line printed next to the headline (before it or right after), when it is
    neither a dateline nor a byline nor the text's first paragraph."""
    t = reading.title_index(title)
    if t is None:
        return None
    head = reading.segments[t]
    head_block = _block_of(head.owner)
    start = reading.body_start
    after = reading.segments[t + 1 : (start if start is not None and start > t else t + 12)][:12]
    before = list(reversed(reading.segments[max(0, t - 6) : t]))
    for group in (after, before):
        for seg in group:
            if seg.chrome or seg.link:
                continue
            block = _block_of(seg.owner)
            if block is head_block or block in reading._inside_container:
                continue
            text = clean_text(seg.text)
            if not 15 <= len(text) <= 300 or _NOT_SUBTITLE.match(text):
                continue
            if labelled_search(text) or printed_date_search(text) or _BY_LINE.search(text):
                continue
            if clean_text(text_content(block)) != text or _by_an_image(block):
                continue
            return text
    return None


_IMG_NEAR = etree.XPath(
    "boolean(.//img | .//amp-img | ../img | ../amp-img | "
    "../*[not(.//text()[normalize-space()])]//*[self::img or self::amp-img])"
)


def _by_an_image(block) -> bool:
    """A caption: its block or the block around it holds an image."""
    return bool(_IMG_NEAR(block))


# A reporter card closes the article a few lines after the text.
_CARD_SEGMENTS = 60
_CARD_REACH = 4


def card_emails(reading: Reading, names: list[str]) -> dict[str, str]:
    """Addresses printed in the reporter cards after the text (`홍길동 기자` then
    `hong@heraldcorp.com`, or a `mailto:` link): name -> address, matched by the name printed
    beside the address, never by position alone."""
    start = reading.body_start
    if start is None:
        return {}
    inside = reading._inside_container
    after = [s for s in reading.segments[start:] if s.owner not in inside][:_CARD_SEGMENTS]
    found: dict[str, str] = {}
    taken: set[str] = set()
    firsts = tuple({name.split(" ", 1)[0] for name in names})
    for i, seg in enumerate(after):
        raw = seg.text
        # A name is in the cleaned text only if its first word is in the text as printed,
        # once that is composed (NFC): most lines are passed over without being cleaned.
        for first in firsts:
            if first in raw:
                break
        else:
            if unicodedata.is_normalized("NFC", raw):
                continue
        text = clean_text(raw)
        for name in names:
            if name in found or name not in text[:200]:
                continue
            for near in after[i : i + _CARD_REACH]:
                href = near.owner.get("href", "") if near.owner.tag == "a" else ""
                m = EMAIL.search(href[:300]) or EMAIL.search(near.text[:300])
                if m and m.group(0) not in taken:
                    found[name] = m.group(0)
                    taken.add(m.group(0))
                    break
    return found
