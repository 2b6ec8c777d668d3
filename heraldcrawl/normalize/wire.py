"""Wire datelines opening a story body: `SEOUL, Aug. 21 (Yonhap) --`, `(서울=연합뉴스)`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from heraldcrawl.normalize.bylines import _agency
from heraldcrawl.normalize.dates import _MONTH_RE


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
# `[THE INVESTOR] Samsung said`: a known source's tag in brackets opening the body.
_SOURCE_TAG = re.compile(r"^\[(?P<tag>[A-Za-z][A-Za-z -]{1,30})\]\s*")
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
    # else an upper-case city with a region or date in mixed case (`VLADIVOSTOK, Russia`,
    # `SEOUL, Aug. 21`: a second upper-case word, as in `BTS, BLACKPINK`, is another name);
    # else a city wires are known to file from (`SEOUL --`, `SEOUL (Korea Bizwire) --`).
    # An unknown credit in brackets (`BTS (Bangtan Boys)`) makes no place.
    if name is not None and _agency(name) is not None:
        return head, name
    if not city.isupper():
        return None
    if " ".join(city.split()) in _WIRE_CITIES:
        return head, name
    if name is None and regions and not any(_shouted(r) for r in regions):
        return head, name
    return None


def _shouted(region: str) -> bool:
    """An upper-case word of three or more letters and no dot (`BLACKPINK`, not `D.C.`)."""
    letters = region.strip()
    return letters.isupper() and "." not in letters and len(letters) >= 3


def parse_wire_dateline(first_paragraph: str) -> tuple[WireDateline | None, str]:
    """Recognise `SEOUL, Aug. 21 (Yonhap) --` or `(서울=연합뉴스)` opening a body.

    Returns (dateline or None, the paragraph without it). Only the paragraph's first
    `_WIRE_HEAD_MAX` characters are read.
    """
    text = first_paragraph.lstrip()
    start = text[: _WIRE_HEAD_MAX + 2]
    if (m := _SOURCE_TAG.match(start)) and (agency := _agency(m.group("tag"))):
        return WireDateline(m.group(0).strip(), None, agency), text[m.end() :]
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
