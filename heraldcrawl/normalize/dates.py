"""Dates and datelines in every printed form of both sites, English and Korean.

Known forms take regular-expression fast paths (microseconds); dateparser is only the fallback
for forms nobody has seen yet (about a millisecond a call, and hundreds on its first calls).
Every datetime returned is aware and in Korea time (+09:00).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from heraldcrawl.normalize.text import _BYLINE_MAX, _DATE_MAX, _DATELINE_MAX, _head, first_word_at
from heraldcrawl.record import KST

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
    rf"(?:\s*(?:-|–|—|,|at)?\s*(?P<hour>\d{{1,2}}):(?P<min>\d{{2}})(?::(?P<sec>\d{{2}}))?\s*{_AMPM}?)?"
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
# The lookahead on the first letters a date can open with (a month's or a digit) spares re a
# try of every alternative at each position.
_ANY_DATE = re.compile(
    rf"(?=[JFMASONDjfmasond\d])(?:(?:{_EN_DATE})|(?:{_KO_WORD_DATE})|(?:{_KO_NUM_DATE}))",
    re.IGNORECASE,
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_RFC822_ZONE = re.compile(r"\d{2}:\d{2}(?::\d{2})?\s{1,4}(?:[+-]\d{4}|[A-Za-z]{1,5})\s{0,4}$")
_COLON_OFFSET = re.compile(r"([+-]\d{2}):(\d{2})$")
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
    if not marker or hour > 12:  # `오후 16:13`: a 24-hour time needs no marker
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
        # Feeds print `+09:00` as well as `+0900`; the RFC parser reads only the latter.
        text = _COLON_OFFSET.sub(r"\1\2", text)
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if dt.tzinfo is None and not _RFC822_ZONE.search(text):
            return dt.replace(tzinfo=KST)  # no zone printed: the sites' time is Korea time
        # RFC 822 "-0000" and unknown zones come back naive: the RFC reads them as UTC.
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
    A date printed without a time (`Sept. 4, 2023` on list pages) is midnight Korea time of that
    day; an RFC 822 stamp (`+0900`, `+09:00`, `GMT`) is converted to Korea time.
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


_DIGIT = re.compile(r"\d")
# The label words `_DATELINE_START` can open with, lower-cased (`기사 입력` holds `입력`).
_START_WORDS = ("published", "posted", "updated", "modified", "입력", "수정", "등록")


def _may_open_dateline(text: str) -> bool:
    """Whether `_DATELINE_START` can match: every dateline holds a digit or a label word (a
    byline alone, `By Kim Arin`, holds neither)."""
    return _DIGIT.search(text) is not None or first_word_at(text, _START_WORDS) is not None


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
    m = _DATELINE_START.search(text) if _may_open_dateline(text) else None
    if m is None:
        return text, ""
    return text[: m.start()].strip(" •·|"), text[m.start() :].strip()
