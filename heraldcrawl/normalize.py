"""Byline and dateline normalisation for both sites, English and Korean.

Every layout calls these functions; none cleans bylines or dates itself. Known date forms take
regular-expression fast paths (microseconds); dateparser is only the fallback for forms nobody has
seen yet (about a millisecond a call, and hundreds on its first calls). Every datetime returned is
aware and in Korea time (+09:00).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from heraldcrawl.record import KST

__all__ = [
    "Author",
    "Byline",
    "Dateline",
    "WireDateline",
    "clean_text",
    "parse_byline",
    "parse_date",
    "parse_dateline",
    "parse_wire_dateline",
    "split_byline_dateline",
    "split_caption_credit",
    "split_footer",
]

# ---------------------------------------------------------------------------------------------
# Text clean-up


def clean_text(text: str | None) -> str:
    """NFC, non-breaking spaces and every whitespace run folded to one space, stripped."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())  # str.split folds every Unicode space, \xa0 included


# How much of a string each reader looks at. Credits and dates are short; whatever a hostile
# page puts in their place is cut to these lengths before any pattern runs on it, so no
# pattern's cost depends on the page.
_DATE_MAX = 300
_DATELINE_MAX = 400
_BYLINE_MAX = 500
_FOOTER_MAX = 400
_CAPTION_TAIL = 200
_TITLE_MAX = 300


def _head(text: str | None, limit: int) -> str:
    """The cleaned start of `text`, at most `limit` characters."""
    return clean_text(text[: 4 * limit])[:limit] if text else ""


def _tail(text: str | None, limit: int) -> str:
    """The cleaned end of `text`, at most `limit` characters."""
    return clean_text(text[-4 * limit :])[-limit:] if text else ""


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_AMPM = r"(?:(?P<ap>[AaPp])\.?[Mm]\.?)"

# `Aug. 21, 2019 - 16:13`, `April 28, 2019 16:04`, `Sept 4, 2023`, `Oct. 27, 2024 - 5:49 pm`
_EN_DATE = (
    rf"(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"(?:\s*(?:-|–|,|at)?\s*(?P<hour>\d{{1,2}}):(?P<min>\d{{2}})(?::(?P<sec>\d{{2}}))?\s*{_AMPM}?)?"
)
# `2019-08-21 16:13`, `2019.08.21 16:13`, `2019. 8. 21. 오후 4:13`, `2013.08.14 23시 54분`
_KO_NUM_DATE = (
    r"(?P<kyear>\d{4})\s*[-./]\s*(?P<kmon>\d{1,2})\s*[-./]\s*(?P<kday>\d{1,2})\.?"
    r"(?:\s*(?:\([월화수목금토일]\))?\s*(?P<kap>오전|오후|AM|PM)?\s*"
    r"(?P<khour>\d{1,2})\s*(?::|시)\s*(?:(?P<kmin>\d{1,2})\s*분?)?(?::(?P<ksec>\d{2}))?"
    r"(?:\s*(?P<kap2>AM|PM))?)?"
)
# `2019년 8월 21일 오후 4시 13분`, `2019년 8월 21일 16:13`
_KO_WORD_DATE = (
    r"(?P<wyear>\d{4})\s*년\s*(?P<wmon>\d{1,2})\s*월\s*(?P<wday>\d{1,2})\s*일"
    r"(?:\s*(?:\([월화수목금토일]\)|[월화수목금토일]요일)?\s*(?P<wap>오전|오후)?\s*"
    r"(?P<whour>\d{1,2})\s*(?::|시)\s*(?:(?P<wmin>\d{1,2})\s*분?)?)?"
)
_ANY_DATE = re.compile(rf"(?:{_EN_DATE})|(?:{_KO_WORD_DATE})|(?:{_KO_NUM_DATE})", re.IGNORECASE)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}")

_PUBLISHED_LABEL = re.compile(
    r"(published|posted|created|기사\s*입력|입력|등록|게재)\s*:?", re.IGNORECASE
)
_UPDATED_LABEL = re.compile(r"(updated|modified|최종\s*수정|수정)\s*:?", re.IGNORECASE)
_ANY_LABEL = re.compile(
    r"(published|posted|updated|modified|기사\s*입력|최종\s*수정|입력|수정|등록)\s*:?",
    re.IGNORECASE,
)

_DATEPARSER_SETTINGS = {
    "TIMEZONE": "Asia/Seoul",
    "RETURN_AS_TIMEZONE_AWARE": True,
    # Datelines are absolute: a relative reading ("3 hours ago") would depend on the fetch time.
    "PARSERS": ["absolute-time", "custom-formats", "timestamp"],
    "PREFER_DAY_OF_MONTH": "first",
    # "May 20" has no year: dateparser would fill in the current one, a wrong date that looks
    # right. A dateline without its year is no date.
    "REQUIRE_PARTS": ["day", "month", "year"],
}


def _hour24(hour: int, marker: str | None) -> int:
    if not marker:
        return hour
    pm = marker[0] in "pP" or marker == "오후"
    if hour == 12:
        return 12 if pm else 0
    return hour + 12 if pm else hour


def _kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0):
    if not 1990 <= year <= 2100:
        return None
    try:
        return datetime(year, month, day, hour, minute, sec, tzinfo=KST)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    if g["mon"]:
        hour = _hour24(int(g["hour"]), g["ap"]) if g["hour"] else 0
        return _kst(
            int(g["year"]),
            _MONTHS[g["mon"].lower()],
            int(g["day"]),
            hour,
            int(g["min"] or 0),
            int(g["sec"] or 0),
        )
    if g["wyear"]:
        hour = _hour24(int(g["whour"]), g["wap"]) if g["whour"] else 0
        return _kst(int(g["wyear"]), int(g["wmon"]), int(g["wday"]), hour, int(g["wmin"] or 0))
    hour = _hour24(int(g["khour"]), g["kap"] or g["kap2"]) if g["khour"] else 0
    return _kst(
        int(g["kyear"]),
        int(g["kmon"]),
        int(g["kday"]),
        hour,
        int(g["kmin"] or 0),
        int(g["ksec"] or 0),
    )


def _as_kst(dt: datetime) -> datetime:
    # No offset on the sites means Korea time (JSON-LD, list pages, Korean headers).
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=KST)
    return dt.astimezone(KST)


def _structured(text: str) -> datetime | None:
    if _ISO.match(text):
        try:
            return _as_kst(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            return None
    if _RFC822.match(text):
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        # RFC 822 "-0000" (and a missing zone) come back naive: the RFC reads them as UTC.
        return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(KST)
    return None


def _dateparser(text: str) -> datetime | None:
    import dateparser  # imported lazily: it costs ~0.3 s and most runs never need it

    try:
        dt = dateparser.parse(text, languages=["en", "ko"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is a None
        return None
    return _as_kst(dt) if dt is not None else None


def parse_date(text: str | None, *, fallback: bool = True) -> datetime | None:
    """One aware Korea-time datetime from a date string in any known form, or None.

    Labels (`Published :`, `입력`) are ignored. With `fallback=False` only the fast paths run.
    """
    if not text:
        return None
    text = _head(text, _DATE_MAX)
    if not text:
        return None
    if (dt := _structured(text)) is not None:
        return dt
    if m := _ANY_DATE.search(text):
        return _from_match(m)
    if not fallback:
        return None
    stripped = _ANY_LABEL.sub(" ", text).strip(" :·•|-")
    return _dateparser(stripped) if stripped and len(stripped) <= 80 else None


@dataclass(frozen=True, slots=True)
class Dateline:
    published: datetime | None = None
    updated: datetime | None = None


def parse_dateline(text: str | None, *, fallback: bool = True) -> Dateline:
    """Published and updated times from a dateline in any printed form.

    A date after an `Updated`/`수정` label is the update; after a `Published`/`입력` label, or with
    no label, the first date is the publication and a second one the update.
    """
    if not text:
        return Dateline()
    text = _head(text, _DATELINE_MAX)
    if (dt := _structured(text)) is not None:  # ISO 8601 (JSON-LD) and RFC 822 (feeds)
        return Dateline(dt, None)
    published = updated = None
    last_end = 0
    for m in _ANY_DATE.finditer(text):
        dt = _from_match(m)
        if dt is None:
            continue
        before = text[last_end : m.start()]
        last_end = m.end()
        if _UPDATED_LABEL.search(before) and not _PUBLISHED_LABEL.search(before):
            updated = updated or dt
        elif published is None:
            published = dt
        elif updated is None:
            updated = dt
    if published is None and updated is None:
        # No fast-path form: each labelled piece through dateparser.
        if not fallback:
            return Dateline()
        pieces = [p for p in _UPDATED_LABEL.split(text)]
        head = _PUBLISHED_LABEL.sub(" ", pieces[0])
        published = parse_date(head) if head.strip(" :·•|-") else None
        if len(pieces) > 2:
            updated = parse_date(pieces[2])
    return Dateline(published, updated)


_DATELINE_START = re.compile(
    rf"(?:{_ANY_LABEL.pattern})|(?:{_EN_DATE})|(?:\d{{4}}\s*[-./년])", re.IGNORECASE
)


def split_byline_dateline(text: str | None) -> tuple[str, str]:
    """Split a line that holds a byline and a dateline in either order, glued or not.

    `By Choi He-sukPublished : March 4, 2018 - 11:06` and the mobile
    `Oct. 27, 2024 - 17:49 By Jung Min-kyung` both give (byline, dateline).
    """
    text = _head(text, _BYLINE_MAX)
    if not text:
        return "", ""
    by = re.search(r"(?:^|(?<=\s)|(?<=\d))By\s", text)
    if by and by.start() > 0:
        # Dateline first, then the byline (mobile pages).
        return text[by.start() :].strip(), text[: by.start()].strip()
    m = _DATELINE_START.search(text)
    if m is None:
        return text, ""
    return text[: m.start()].strip(" •·|"), text[m.start() :].strip()


# ---------------------------------------------------------------------------------------------
# Bylines


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


@dataclass(frozen=True, slots=True)
class WireDateline:
    text: str
    place: str | None
    agency: str | None


# A wire dateline is short: `SAN FRANCISCO, Calif., Aug. 21 (AP) --` is 38 characters. Only this
# much of a paragraph is looked at, and the head before the dash is read by a small scan of
# words, not one regular expression: a pattern of repeated capitalised words backtracked
# exponentially on a paragraph opening with capitals (`SEOUL, KOSPI KOSDAQ ... rose`).
_WIRE_HEAD_MAX = 120
_WIRE_DASHES = ("--", "–", "—")
# One word of a place (`SEOUL`, `St.`, `Ho-Chi-Minh`, `D.C.`) and of a wire's name in brackets.
_PLACE_WORD = re.compile(r"[A-Z][A-Za-z.'’-]{0,30}")
_WIRE_NAME = re.compile(r"[A-Za-z][A-Za-z -]{1,30}")
_WIRE_DAY = re.compile(rf",\s*(?:{_MONTH_RE})\.?\s*\d{{1,2}}$", re.IGNORECASE)
_DAY_TAIL = re.compile(r"\s*\d{1,2}$")
_WIRE_KO = re.compile(r"^\((?P<place>[가-힣]{1,10})=(?P<agency>[가-힣A-Za-z0-9]{2,12})\)\s*")
# Places that open a wire story with no comma and no agency (`SEOUL --`); any other lone word
# before a dash (`BTS -- the septet`) is the story's first word, not a dateline.
_WIRE_CITIES = frozenset(
    (
        "SEOUL",
        "BUSAN",
        "INCHEON",
        "DAEGU",
        "DAEJEON",
        "GWANGJU",
        "ULSAN",
        "SEJONG",
        "SUWON",
        "CHANGWON",
        "JEJU",
        "GANGNEUNG",
        "PYEONGCHANG",
        "PANMUNJOM",
        "PAJU",
        "PYONGYANG",
        "TOKYO",
        "OSAKA",
        "BEIJING",
        "SHANGHAI",
        "HONG KONG",
        "TAIPEI",
        "ULAANBAATAR",
        "VLADIVOSTOK",
        "MOSCOW",
        "SINGAPORE",
        "BANGKOK",
        "HANOI",
        "JAKARTA",
        "MANILA",
        "KUALA LUMPUR",
        "NEW DELHI",
        "WASHINGTON",
        "NEW YORK",
        "LOS ANGELES",
        "SAN FRANCISCO",
        "CHICAGO",
        "OTTAWA",
        "LONDON",
        "PARIS",
        "BERLIN",
        "BRUSSELS",
        "GENEVA",
        "VIENNA",
        "ROME",
        "MADRID",
        "STOCKHOLM",
        "HELSINKI",
        "OSLO",
        "COPENHAGEN",
        "WARSAW",
        "KYIV",
        "ISTANBUL",
        "DUBAI",
        "RIYADH",
        "DOHA",
        "TEHRAN",
        "JERUSALEM",
        "CAIRO",
        "SYDNEY",
        "CANBERRA",
        "UNITED NATIONS",
    )
)


def _place_words(text: str, *, day: bool) -> bool:
    """Whether `text` is one to four capitalised words (`Russia`, `South Korea`); with `day`, a
    day of the month may close it (`Aug. 21`)."""
    if day:
        text = _DAY_TAIL.sub("", text)
    words = text.split()
    return 1 <= len(words) <= 4 and all(_PLACE_WORD.fullmatch(w) for w in words)


def _wire_head(head: str) -> tuple[str, str | None] | None:
    """(place, name in brackets or None) of the words before a dateline's dash, or None when
    they are no place."""
    head = head.rstrip()
    name = None
    if head.endswith(")"):
        opened = head.rfind("(")
        if opened < 0 or not _WIRE_NAME.fullmatch(name := head[opened + 1 : -1].strip()):
            return None
        head = head[:opened].rstrip()
    city, *regions = head.split(",")
    city = city.strip()
    if len(regions) > 2 or len(city) < 2 or not _place_words(city, day=False):
        return None
    if not all(_place_words(r, day=True) for r in regions):
        return None
    # A plausible place: a known wire's credit after any capitalised place (`London (AFP)`);
    # else an upper-case city with a region or date (`VLADIVOSTOK, Russia`) or any credit in
    # brackets; else a city wires are known to file from (`SEOUL --`).
    known = name is not None and _agency(name) is not None
    if not known and not (
        city.isupper() and (regions or name or " ".join(city.split()) in _WIRE_CITIES)
    ):
        return None
    return head, name


def parse_wire_dateline(first_paragraph: str) -> tuple[WireDateline | None, str]:
    """Recognise `SEOUL, Aug. 21 (Yonhap) --` or `(서울=연합뉴스)` opening a body.

    Returns (dateline or None, the paragraph without it). Only the paragraph's first
    `_WIRE_HEAD_MAX` characters are read.
    """
    text = first_paragraph.lstrip()
    start = text[: _WIRE_HEAD_MAX + 2]
    if m := _WIRE_KO.match(start):
        agency = _agency(m.group("agency")) or m.group("agency")
        return WireDateline(m.group(0).strip(), m.group("place"), agency), text[m.end() :]
    if not start[:1].isupper():
        return None, first_paragraph
    found = [(i, d) for d in _WIRE_DASHES if 0 < (i := start.find(d)) <= _WIRE_HEAD_MAX]
    if not found:
        return None, first_paragraph
    dash, mark = min(found)
    read = _wire_head(start[:dash])
    if read is None:
        return None, first_paragraph
    head, name = read
    end = dash + len(mark)
    while end < len(text) and text[end].isspace():
        end += 1
    place = _WIRE_DAY.sub("", head.strip())
    agency = _agency(name) if name else None
    return WireDateline(text[:end].strip(), place, agency), text[end:]
