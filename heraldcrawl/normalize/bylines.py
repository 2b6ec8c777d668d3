"""Bylines, end-of-body footers and photo credits: people apart from organisations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from heraldcrawl.normalize.dates import split_byline_dateline
from heraldcrawl.normalize.text import (
    _BYLINE_MAX,
    _CAPTION_TAIL,
    _FOOTER_MAX,
    _TITLE_MAX,
    _head,
    _tail,
    clean_text,
)


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "email": self.email}


@dataclass(slots=True)
class Byline:
    authors: list[Author] = field(default_factory=list)
    agency: str | None = None

    def __bool__(self) -> bool:
        return bool(self.authors or self.agency)


# Organisations credited instead of (or beside) people, mapped to the name the archive uses.
_AGENCIES = {
    "yonhap": "Yonhap",
    "yonhap news": "Yonhap",
    "yonhap news agency": "Yonhap",
    "korea herald": "Korea Herald",
    "the korea herald": "Korea Herald",
    "herald business": "Herald Business",
    "the investor": "The Investor",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "afp-yonhap": "AFP",
    "reuters": "Reuters",
    "bloomberg": "Bloomberg",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "asia news network": "Asia News Network",
    "ann": "Asia News Network",
    "newsis": "Newsis",
    "news1": "News1",
    "korea herald staff": "Korea Herald",
    "korea herald editorial board": "Korea Herald",
    "연합뉴스": "연합뉴스",
    "연합": "연합뉴스",
    "뉴시스": "뉴시스",
    "뉴스1": "뉴스1",
    "헤럴드경제": "헤럴드경제",
}
_OWN_PAPERS = {"Korea Herald", "헤럴드경제", "Herald Business"}
_WIRES = {
    "Yonhap",
    "AP",
    "AFP",
    "Reuters",
    "Bloomberg",
    "Xinhua",
    "Kyodo",
    "연합뉴스",
    "뉴시스",
    "뉴스1",
    "Asia News Network",
    "Newsis",
    "News1",
}

# Bracketed title prefixes that are series or desk tags, never a columnist's name.
SERIES_TAGS = frozenset(
    t.lower()
    for t in (
        "Editorial",
        "Newsmaker",
        "Herald Interview",
        "KH Explains",
        "Weekender",
        "Today's K-pop",
        "Graphic News",
        "Exclusive",
        "News Focus",
        "Reporter's Notebook",
        "PyeongChang 2018",
        "Herald Review",
        "Photo News",
        "Video",
        "Interview",
        "Column",
        "Opinion",
        "Feature",
        "Analysis",
        "Special",
        "Korean Writers",
        "Eye on North Korea",
        "Market Now",
        "Money Talk",
        "KH Report",
        "K-pop Talk",
        "Team Korea",
        "Herald Design Forum",
        "Gallery",
        "Viewpoint",
        "Letter",
        "Letters",
        "Travel",
        "Health",
        "Trend",
        "Hallyu",
        "Issue",
        "Hot Issue",
        "Poll",
    )
)

# Bounded repetitions: a long run of address characters costs a fixed scan, not its square.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")
_HANDLE = re.compile(r"<?[^\s<>@/]{0,64}@[A-Za-z0-9_]{1,64}>?(?![.\w])")
_BY_PREFIX = re.compile(r"^(?:written\s+by|reported\s+by|by)\b[\s:]*", re.IGNORECASE)
_EN_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\band\b|&|,|;|·)\s*", re.IGNORECASE)
_KO_TITLES = (
    "선임기자",
    "수석기자",
    "전문기자",
    "객원기자",
    "인턴기자",
    "대기자",
    "기자",
    "특파원",
    "논설위원",
    "편집위원",
    "선임연구위원",
    "연구위원",
    "위원",
    "칼럼니스트",
    "PD",
)
_KO_TITLE_RE = re.compile(rf"\s*(?:{'|'.join(_KO_TITLES)})\s*$")
_KO_OTHERS = re.compile(r"\s*외\s*\d+\s*명\s*$")
_KO_BRACKET = re.compile(r"\[([^\[\]]{1,60})\]")
# Korean bracket heads that credit pictures or sources, not the story.
_KO_NOT_BYLINE = re.compile(r"^(?:사진|사진제공|그래픽|자료|출처|영상|제공|캡처|일러스트)")
_KO_DESK = re.compile(r"(?:헤럴드|연합뉴스|뉴시스|뉴스1|팀|부|데스크|취재반|섹션)$|^헤럴드")
_HANGUL_NAME = re.compile(r"^[가-힣]{2,5}$")
_EN_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-zA-Z'’]{0,40}(?:-[A-Za-z][a-z'’]{0,40}){0,4}\.?|[A-Z]\.|Mc[A-Z][a-z]{1,40})$"
)
_NAME_PARTICLES = {"de", "van", "von", "der", "da", "del", "la", "le", "bin", "al"}
_WIRE_TAIL = re.compile(
    r"\s*\((Yonhap(?: News)?|AP|AFP|Reuters|Bloomberg|Xinhua|Kyodo|연합뉴스)\)\s*$", re.IGNORECASE
)
_FOOTER_EN = re.compile(
    rf"(?:^|(?<=[.!?\"”’)])\s*|\s)(?P<foot>By\s+[^()]{{2,80}}?\s*\(\s*{_EMAIL.pattern}\s*\))\s*$"
)
_FOOTER_KO = re.compile(
    rf"(?:^|\s)(?P<foot>(?:[가-힣A-Za-z· ]{{2,30}}/)?{_EMAIL.pattern}"
    r"|<[^<>\s@]{1,64}@[^<>\s]{1,255}>)\s*$"
)


def _agency(text: str) -> str | None:
    key = clean_text(text).strip(" .()[]").lower()
    return _AGENCIES.get(key)


# Hangul words of name length that are never names.
_KO_NOT_NAMES = frozenset(
    (
        *_KO_TITLES,
        "사진",
        "제공",
        "뉴스",
        "연합",
        "연합뉴스",
        "헤럴드",
        "헤럴드경제",
        "온라인",
        "편집부",
        "취재팀",
        "자료",
        "그래픽",
        "게티이미지",
        "캡처",
    )
)


def _is_person(name: str) -> bool:
    if _HANGUL_NAME.match(name):
        # `가기자` is a too-short name glued to its title, never a name of its own.
        return name not in _KO_NOT_NAMES and not name.endswith(_KO_TITLES)
    tokens = name.split()
    if not 1 <= len(tokens) <= 5 or any(c.isdigit() for c in name):
        return False
    if _agency(name):
        return False
    real = [t for t in tokens if t.lower() not in _NAME_PARTICLES]
    return (
        len(real) >= 1
        and all(_EN_NAME_TOKEN.match(t) for t in real)
        and (len(real) >= 2 or "-" in real[0])
    )


def _strip_ko_title(name: str) -> str:
    name = _KO_OTHERS.sub("", name.strip())
    for _ in range(2):  # `김철수 선임기자`, `김철수기자`
        name = _KO_TITLE_RE.sub("", name).strip()
    return name


_NOTE_TAIL = re.compile(r"\s*\([^()]{0,200}\)\s*$")
_NAME_BREAK = re.compile(r"[()/<>@\n]")


def _names_en(text: str) -> tuple[list[str], str | None]:
    """Person names and a credited organisation from an English byline (no emails)."""
    text = _BY_PREFIX.sub("", text).strip(" ,;-–—")
    text = _NOTE_TAIL.sub("", text)  # a trailing (email) or (Yonhap) note
    names: list[str] = []
    agency = None
    for part in _EN_SPLIT.split(text):
        part = _BY_PREFIX.sub("", part).strip(" .,;:-–—")
        if not part:
            continue
        if "/" in part:  # `Park Hyun-koo/The Korea Herald` is a photo-style credit
            head, _, tail = part.partition("/")
            agency = agency or _agency(tail)
            part = head.strip()
        if org := _agency(part):
            agency = agency or org
        elif _is_person(_strip_ko_title(part)) and _HANGUL_NAME.match(_strip_ko_title(part)):
            names.append(_strip_ko_title(part))
        elif _is_person(part):
            names.append(part)
    return names, agency


def _names_ko(text: str) -> tuple[list[str], str | None, bool]:
    """Names, organisation and whether a Korean credit was found at all."""
    for m in _KO_BRACKET.finditer(text):
        inner = m.group(1).strip()
        if _KO_NOT_BYLINE.match(inner):
            continue
        org, eq, people = inner.partition("=")
        org = clean_text(org)
        if not eq:
            if _KO_DESK.search(org) or _agency(org):
                return [], org, True
            continue
        names = []
        for part in re.split(r"\s*[·,ㆍ]\s*|\s+및\s+", people):
            name = _strip_ko_title(part)
            if _is_person(name):
                names.append(name)
        return names, org or None, True
    # A bare `홍길동 기자` line with no bracket.
    bare = _strip_ko_title(text)
    if text.strip() != bare and _HANGUL_NAME.match(bare) and _is_person(bare):
        return [bare], None, True
    return [], None, False


def _footer_pairs(footer: str) -> tuple[list[tuple[str | None, str]], str | None]:
    """(name or None, email) pairs and a wire credit from an end-of-body footer."""
    pairs: list[tuple[str | None, str]] = []
    agency = None
    if m := _WIRE_TAIL.search(footer):
        agency = _agency(m.group(1))
    last = 0
    for m in _EMAIL.finditer(footer):
        # The name is what stands before the address since the previous one: at most 60
        # characters after the last bracket, slash or `@`, less a `(` or `/` just before it.
        before = footer[last : m.start()].rstrip()
        last = m.end()
        if before.endswith(("(", "/")):
            before = before[:-1]
        raw_name = clean_text(_NAME_BREAK.split(before)[-1][-60:])
        raw_name = raw_name.rsplit(". ", 1)[-1]  # a footer glued to the last sentence
        raw_name = _BY_PREFIX.sub("", raw_name).strip(" ,(")
        name = _strip_ko_title(raw_name) if raw_name else ""
        if name and _is_person(name):
            pairs.append((name, m.group(0)))
        else:
            pairs.append((None, m.group(0)))
    return pairs, agency


def _title_columnist(title: str | None) -> str | None:
    if not title:
        return None
    m = re.match(r"^\s*\[([^\[\]]{2,40})\]", title[:_TITLE_MAX])
    if not m:
        return None
    inner = clean_text(m.group(1))
    if inner.lower() in SERIES_TAGS or not _is_person(inner):
        return None
    return inner


def _is_own_paper(org: str) -> bool:
    # The paper itself and its desks (`헤럴드경제 문화팀`); a sister outlet (`헤럴드POP`) is not.
    org = org.strip()
    return _agency(org) in _OWN_PAPERS or org.startswith(("헤럴드경제 ", "Korea Herald "))


def _same_person(a: str, b: str) -> bool:
    return (
        a.replace("-", "").replace(" ", "").lower() == b.replace("-", "").replace(" ", "").lower()
    )


def parse_byline(
    byline: str | None,
    footer: str | None = None,
    title: str | None = None,
    lang: str = "en",
) -> Byline:
    """People and the credited organisation from a byline, an end-of-body footer and a title.

    Names come from the byline (else the footer, else a columnist's bracketed title), emails from
    the footer matched to their authors. Never raises; an empty result means nothing was found.
    """
    try:
        return _parse_byline(_head(byline, _BYLINE_MAX), _tail(footer, _FOOTER_MAX), title, lang)
    except Exception:  # a byline must never take a crawl down; the caller counts empty results
        return Byline()


def _parse_byline(byline: str, footer: str, title: str | None, lang: str) -> Byline:
    if byline:
        byline, _ = split_byline_dateline(byline)
        byline = _HANDLE.sub("", _EMAIL.sub("", byline)) if "@" in byline else byline
    names: list[str] = []
    agency = None
    org = None
    if byline:
        if "[" in byline or (lang == "ko" and not byline.lower().startswith("by")):
            names, org, found = _names_ko(byline)
            if not found and lang != "ko":
                names, org = _names_en(byline)
        else:
            names, org = _names_en(byline)
    pairs, wire = _footer_pairs(footer) if footer else ([], None)
    if not names:
        names = [n for n, _ in pairs if n]
    if not names and not org and (columnist := _title_columnist(title)):
        names = [columnist]
    if org and (not names or not _is_own_paper(org)):
        agency = _agency(org) or org
    if wire and agency is None:
        agency = wire
    emails: dict[str, str] = {}
    for name, email in pairs:
        if name:
            for known in names:
                if _same_person(known, name):
                    emails.setdefault(known, email)
    loose = [e for n, e in pairs if n is None or not any(_same_person(n, k) for k in names)]
    unmatched = [n for n in names if n not in emails]
    if len(unmatched) == len(loose) and unmatched:
        emails.update(zip(unmatched, loose, strict=True))
    seen: set[str] = set()
    authors = []
    for n in names:
        if n not in seen:
            seen.add(n)
            authors.append(Author(n, emails.get(n)))
    return Byline(authors, agency)


# ---------------------------------------------------------------------------------------------
# Body helpers: footers and wire datelines


def split_footer(paragraph: str) -> tuple[str, str | None]:
    """Split an end-of-body credit (email footer, `(Yonhap)`) from the last paragraph.

    Returns (text kept in the body, footer or None). A footer glued to the last sentence is cut
    off; the sentence stays.
    """
    text = clean_text(paragraph)
    # A footer ends the paragraph: only its last characters are searched (a search from a
    # position still sees the characters before it, so the result is the same).
    tail = max(0, len(text) - _FOOTER_MAX)
    for pattern in (_FOOTER_EN, _FOOTER_KO):
        if m := pattern.search(text, tail):
            return text[: m.start("foot")].strip(), m.group("foot")
    if m := _WIRE_TAIL.search(text, tail):
        return text[: m.start()].strip(), m.group(0).strip()
    return text, None


_CREDIT_PAREN = re.compile(r"\s*\(([^()]{2,80})\)\s*$")
_CREDIT_BRACKET = re.compile(r"\s*\[([^\[\]]{2,80})\]\s*$")


def split_caption_credit(caption: str | None) -> tuple[str | None, str | None]:
    """(caption, credit) from a photo caption ending in `(Yonhap)` or `[사진=KBS 화면 캡처]`.

    Photo credits belong to the image, never to the story's authors.
    """
    text = clean_text(caption)
    if not text:
        return None, None
    tail = max(0, len(text) - _CAPTION_TAIL)
    if m := _CREDIT_PAREN.search(text, tail) or _CREDIT_BRACKET.search(text, tail):
        credit = m.group(1).strip().removeprefix("사진=").strip()
        return text[: m.start()].strip() or None, credit or None
    return text, None
