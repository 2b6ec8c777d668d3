"""Bylines, end-of-body footers and photo credits: people apart from organisations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

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
    # The paper a named reporter or desk belongs to (`헤럴드경제`, `Korea Herald`): who
    # employs the author, not a credited agency.
    paper: str | None = None

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
    "upi": "UPI",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "tass": "TASS",
    "korea herald staff": "Korea Herald",
    "korea herald editorial board": "Korea Herald",
    "연합뉴스": "연합뉴스",
    "연합": "연합뉴스",
    "뉴시스": "뉴시스",
    "뉴스1": "뉴스1",
    "헤럴드경제": "헤럴드경제",
}
# The archive's names of the house papers (a Byline's agency is one of them for house copy).
OWN_PAPERS = frozenset({"Korea Herald", "헤럴드경제", "Herald Business"})
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
EMAIL = _EMAIL  # the one address pattern: the extractor's reporter cards use it too
_HANDLE = re.compile(r"<?[^\s<>@/]{0,64}@[A-Za-z0-9_]{1,64}>?(?![.\w])")
_BY_PREFIX = re.compile(r"^(?:written\s+by|reported\s+by|articles\s+by|by)\b[\s:]*", re.IGNORECASE)
# `|` too: `By Bae Hyun-jung | Korea Herald` names the reporter, then the paper.
_EN_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\band\b|&|,|;|·|\|)\s*", re.IGNORECASE)
# Full-width punctuation of Korean and CJK typing (`（cheesuk@...）`, `［헤럴드경제=...］`) read as
# its ASCII twin. One character for one, so positions found in the folded text hold in the
# original.
_FULL_WIDTH = str.maketrans("（）［］＜＞＠＝／，", "()[]<>@=/,")


def _fold(text: str) -> str:
    return text.translate(_FULL_WIDTH)


# The last word of a title: every Korean job title after a name ends in one (`수습기자`,
# `객원논설위원`, `워싱턴특파원`), and no name does.
_KO_TITLE_HEADS = (
    "기자",
    "위원",
    "특파원",
    "통신원",
    "칼럼니스트",
    "에디터",
    "리포터",
    "앵커",
    "PD",
    # Desk ranks printed after a reporter's name (`김철수 부장`, `이영희 차장`).
    "부장",
    "차장",
    "팀장",
    "국장",
)
# Titles known in full. A title glued to the name (`김나율기자`) can only be cut by a known
# title: `고승희수습기자` would otherwise lose only `기자` and keep `수습` in the name.
_KO_TITLE_MODIFIERS = {
    "기자": "선임 수석 전문 객원 인턴 대 수습 사진 영상 취재 시민 명예 편집 기획",
    "위원": "논설 객원논설 수석논설 편집 전문 기획 연구 선임연구 수석연구 책임연구 객원 자문",
    "특파원": "수석 선임 객원",
    "칼럼니스트": "객원",
    "통신원": "명예",
}
# Longest first, so a glued `고승희선임기자` loses `선임기자`, not `기자` alone.
_KO_TITLES = tuple(
    sorted(
        {
            *_KO_TITLE_HEADS,
            *(m + head for head, mods in _KO_TITLE_MODIFIERS.items() for m in mods.split()),
        },
        key=lambda t: (-len(t), t),
    )
)
_KO_TITLE_RE = re.compile(rf"\s*(?:{'|'.join(_KO_TITLES)})\s*$")
# A title set off by a space (`고승희 수습기자`, `김철수 선임연구위원`) is cut whole even when
# it is not in the list: the word before the space is the name. Not used where a space parts
# two names (Yonhap's `김철수 이영희기자`), since the second name would be cut as a title.
_KO_TITLE_SPACED = re.compile(rf"\s[가-힣]{{0,8}}(?:{'|'.join(_KO_TITLE_HEADS)})\s{{0,3}}$")
# `외 2명` ("and two others") stands anywhere before the title (`김영상 외 2명 기자`).
_KO_OTHERS = re.compile(r"\s{0,3}외\s{0,3}\d{1,3}\s{0,3}명")
_KO_BRACKET = re.compile(r"\[([^\[\]]{1,60})\]")
# Korean bracket heads that credit pictures or sources, not the story.
_KO_NOT_BYLINE = re.compile(r"^(?:사진|사진제공|그래픽|자료|출처|영상|제공|캡처|일러스트)")
_KO_DESK = re.compile(r"(?:헤럴드|연합뉴스|뉴시스|뉴스1|팀|부|데스크|취재반|섹션)$|^헤럴드")
_HANGUL_NAME = re.compile(r"^[가-힣]{2,5}$")
_EN_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-zA-Z'’]{0,40}(?:-[A-Za-z][a-z'’]{0,40}){0,4}\.?|[A-Z]\.|Mc[A-Z][a-z]{1,40})$"
)
_NAME_PARTICLES = {"de", "van", "von", "der", "da", "del", "la", "le", "bin", "al"}
# `(Yonhap)` at the end of wire copy; Asia News Network copy names its partner paper first,
# `(The Straits Times/Asia News Network)`.
_WIRE_TAIL = re.compile(
    r"\s*\((?:[A-Z][A-Za-z .'’&-]{1,40}/)?"
    r"(Yonhap(?: News)?|AP|AFP|Reuters|Bloomberg|Xinhua|Kyodo|연합뉴스|Asia News Network)\)\s*$",
    re.IGNORECASE,
)
_FOOTER_EN = re.compile(
    rf"(?:^|(?<=[.!?\"”’)])\s*|\s)(?P<foot>By\s+[^()]{{2,80}}?\s*\(\s*{_EMAIL.pattern}\s*\))\s*$"
)
# One footer item at the very end of a text: an address with an optional `name/` or `desk/`
# before it (two words at most), or a social handle in angle brackets. Footers of several items
# (`<이름기자@handle> name@...`, one address per reporter) are read item by item from the end,
# so no pattern repeats a group. A footer glued to a sentence follows its full stop; a dot inside
# an address (`kim.lee@`) is no such stop, or the address would lose its start.
_FOOTER_ITEM = re.compile(
    r"(?:^|(?<=\s)|(?<=[^A-Za-z0-9._%+-][.!?]))"
    rf"(?P<foot>(?:[가-힣A-Za-z·]{{1,20}}(?: [가-힣A-Za-z·]{{1,20}})?/|[가-힣]{{2,5}} ?기자 )?"
    rf"{_EMAIL.pattern}"
    r"|<[^<>\s@]{1,64}(?: [^<>\s@]{1,20})?@[^<>\s]{1,255}>)\s*$"
)
_FOOTER_ITEMS_MAX = 4
_PAREN_ADDRESS = re.compile(rf"\(\s?{_EMAIL.pattern}\s?\)")
# The reporter box at the end of an article: a link box repeating the credited name.
_REPORTER_BOX = re.compile(r"^Articles by\s+[^()@<>/]{2,60}$")
# `<홍동희기자@DHHONG77>`: a reporter's social handle, which names the reporter but is no address.
# A space may part the name from its title (`<이명수 기자@MSLEE22>`).
_KO_HANDLE = re.compile(r"<(?P<name>[가-힣]{2,8}(?:\s{1,2}[가-힣]{2,5})?)\s{0,2}@[^<>\s]{1,64}>")


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
        # Professions printed beside a name (`김철수 기자·변호사`): a second title, not a name.
        "변호사",
        "회계사",
        "세무사",
        "노무사",
        "변리사",
        "의사",
        "약사",
        "교수",
        "박사",
        "연구원",
    )
)

# Words that make an English credit a job, never a person or an organisation to credit:
# `Staff reporter`, `Columnist`, `Korea Herald Staff Reporter`, `Contributing writer`.
_ROLE_WORDS = frozenset(
    (
        "staff",
        "reporter",
        "reporters",
        "writer",
        "columnist",
        "correspondent",
        "editor",
        "contributor",
        "contributing",
        "intern",
        "photographer",
        "professor",
        "fellow",
        "director",
        "chairman",
        "president",
        "ceo",
        "researcher",
        "analyst",
        "senior",
        "chief",
        "former",
    )
)
# Words that make an English credit an organisation (`The Straits Times`, `Project Syndicate`,
# `Korea JoongAng Daily`, `Copyright Herald Corporation`), never a person.
_ORG_WORDS = frozenset(
    (
        "times",
        "daily",
        "post",
        "news",
        "herald",
        "journal",
        "network",
        "syndicate",
        "agency",
        "press",
        "tribune",
        "gazette",
        "inquirer",
        "observer",
        "guardian",
        "review",
        "magazine",
        "media",
        "broadcasting",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "group",
        "institute",
        "university",
        "ministry",
        "office",
        "service",
        "foundation",
        "association",
        "council",
        "committee",
        "board",
        "desk",
        "team",
        "copyright",
        "rights",
        "reserved",
        "courtesy",
    )
)


def _words(text: str) -> list[str]:
    return [w.strip(".,;:()'’").lower() for w in text.split()]


def _is_role(text: str) -> bool:
    return any(w in _ROLE_WORDS for w in _words(text))


def _is_org(text: str) -> bool:
    words = _words(text)
    return bool(words) and (
        _agency(text) is not None
        or any(w in _ORG_WORDS for w in words)
        or (words[0] == "the" and len(words) > 1)
    )


def _is_person(name: str) -> bool:
    if _HANGUL_NAME.match(name):
        # `가기자` is a too-short name glued to its title, never a name of its own.
        return name not in _KO_NOT_NAMES and not name.endswith(_KO_TITLE_HEADS)
    tokens = name.split()
    if not 1 <= len(tokens) <= 5 or any(map(str.isdigit, name)):
        return False
    if _is_org(name) or _is_role(name):
        return False
    real = [t for t in tokens if t.lower() not in _NAME_PARTICLES]
    return (
        len(real) >= 1
        and all(_EN_NAME_TOKEN.match(t) for t in real)
        and (len(real) >= 2 or "-" in real[0])
    )


def _strip_ko_title(name: str, *, spaced: bool = False) -> str:
    """`name` without a trailing title and `외 N명`; with `spaced`, a space may part names, so
    only a known title is cut."""
    name = _KO_OTHERS.sub("", name.strip())
    for _ in range(2):  # `김철수 선임기자`, `김철수기자`
        if not spaced:
            name = _KO_TITLE_SPACED.sub("", name)
        name = _cut_title(name)
    return name


_HANGUL_TAIL = re.compile(r"[가-힣]{1,12}$")


def _cut_title(name: str) -> str:
    """`name` less the known title that ends it. Glued to the name, several titles can end the
    word (`서영상기자` is 서영상 and 기자, or 서 and 영상기자; `김종대기자` is not 김종 and
    대기자): the cut that leaves a name of three syllables wins, as most Korean names have,
    then one of two to four, then the longest title."""
    name = name.rstrip()
    if not name.endswith(_KO_TITLE_HEADS):
        return name  # every title ends in one of its heads: most names hold none
    m = _KO_TITLE_RE.search(name)
    if m is None:
        return name
    if m.group(0)[:1].isspace() or m.start() == 0:
        return name[: m.start()].strip()
    # Glued (a title set off by a space is the leftmost match, taken above): every known title
    # that ends the word is a possible cut.
    cuts = [name[: -len(t)] for t in _KO_TITLES if len(t) < len(name) and name.endswith(t)]

    def syllables(cut: str) -> int:
        tail = _HANGUL_TAIL.search(cut)
        return len(tail.group(0)) if tail else 0

    best = next((c for c in cuts if syllables(c) == 3), None)
    best = best or next((c for c in cuts if 2 <= syllables(c) <= 4), None)
    return (best or cuts[0]).strip()


# A footer's `By` glued to the sentence before it, and the `and` before a second author.
_GLUED_BY = re.compile(r"[.!?\"”’)]By\s")
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_NOTE_TAIL = re.compile(r"\s*\([^()]{0,200}\)\s*$")
_NAME_BREAK = re.compile(r"[()/<>@\n]")


def _house_with_role(part: str) -> str | None:
    """The organisation of `Korea Herald columnist`, `Yonhap correspondent`,
    `The Korea Herald's staff reporter`: a job at the house credits the house."""
    words = part.split()[:8]
    cut = len(words)
    while cut > 1 and words[cut - 1].strip(".,").lower() in _ROLE_WORDS:
        cut -= 1
    if cut == len(words):
        return None
    head = " ".join(words[:cut])
    return _agency(head.removesuffix("'s").removesuffix("’s"))


def _names_en(text: str) -> tuple[list[str], str | None]:
    """Person names and a credited organisation from an English byline (no emails)."""
    by = _BY_PREFIX.match(text) is not None
    text = _BY_PREFIX.sub("", text).strip(" ,;-–—")
    text = _NOTE_TAIL.sub("", text)  # a trailing (email) or (Yonhap) note
    names: list[str] = []
    agency = None
    for part in _EN_SPLIT.split(text):
        part = _BY_PREFIX.sub("", part).strip(" .,;:-–—")
        if not part:
            continue
        if "/" in part:
            # `Park Hyun-koo/The Korea Herald` with no `By` is a photo credit: the person took
            # the picture, so only the organisation is kept.
            head, _, tail = part.partition("/")
            tail = tail.strip()
            agency = agency or _agency(tail) or (tail if _is_org(tail) else None)
            if not by and not _is_org(head):
                continue
            part = head.strip()
        if org := _agency(part) or _house_with_role(part):
            # The own paper yields to the organisation whose copy it runs
            # (`By Korea Herald | Yonhap`).
            if agency is None or (agency in OWN_PAPERS and org not in OWN_PAPERS):
                agency = org
        elif _is_role(part):
            continue  # `Staff reporter`: a job, not a name
        elif _is_org(part):
            agency = agency or part  # `The Straits Times`: a partner paper's credit
        elif _HANGUL_NAME.match(bare := _strip_ko_title(part)) and _is_person(bare):
            names.append(bare)  # `By 김영원 기자`: the Hangul name, its title cut
        elif _is_person(part):
            names.append(part)
    return names, agency


def _lead_names(lead: str | None) -> list[str]:
    """The writer named at the top of a contributed piece's body (`By Andrew Sheng`); a job
    title line under it gives nothing."""
    # The byline is the lead's first line: the job title under it is no name.
    text = lead.split("\n", 1)[0] if lead else lead
    text = _head(text, 120)
    if not text or not text.startswith(("By ", "by ", "BY ")):
        return []
    return _names_en(text)[0]


# -- Korean credits ----------------------------------------------------------------------------

# Photo and agency credits that stand before a Korean opener (`[게티이미지]`, `[123RF]`,
# `[Splash News]`, `[연합]`): the picture's, not the story's.
_KO_IMAGE_CREDITS = frozenset(
    (
        "게티이미지",
        "게티이미지뱅크",
        "게티이미지코리아",
        "123rf",
        "splash news",
        "shutterstock",
        "셔터스톡",
        "픽사베이",
        "연합",
        "연합뉴스",
        "뉴시스",
        "뉴스1",
        "ap",
        "afp",
        "epa",
        "로이터",
        "ap연합",
        "afp연합",
        "epa연합",
    )
)
_KO_LEAD_BRACKET = re.compile(r"\s*\[([^\[\]]{1,60})\]\s*")
_KO_LEAD_MAX = 4
# `[헤럴드경제(세종)=...]`: a bureau names its place after the paper.
_KO_BUREAU = re.compile(r"^(?P<paper>[^()]{1,30}?)\s*\((?P<place>[가-힣]{1,10})\)$")
# A media name ends like one; a bare Hangul word that does not (`[뉴욕=김철수 특파원]`) is the
# place a correspondent files from.
_KO_MEDIA_END = re.compile(
    r"(?:뉴스|일보|경제|신문|방송|닷컴|미디어|저널|헤럴드|[A-Za-z0-9]{2,10})$"
)


def is_ko_photo_credit(inner: str) -> bool:
    """A bracket's content that credits a picture or a source (`사진=...`, `게티이미지`, `연합`),
    never the story's byline."""
    return bool(_KO_NOT_BYLINE.match(inner)) or inner.lower() in _KO_IMAGE_CREDITS


_ko_lookalike = is_ko_photo_credit


def _ko_is_credit(inner: str) -> bool:
    return "=" in inner or bool(_KO_DESK.search(inner)) or _agency(inner) is not None


# A story's tag in brackets (`[단독]`, `[속보]`, `[르포]`, `[인터뷰]`): short, one word, no `=`.
_KO_TOPIC_TAG = re.compile(r"^[가-힣A-Za-z0-9·]{1,8}$")


def split_ko_opener(paragraph: str) -> tuple[str | None, str]:
    """(opening credit brackets or None, the rest) of a Korean body's first paragraph.

    The brackets taken are photo or agency credits standing before the opener (`[게티이미지]`,
    `[123RF]`, `[연합]`) and the opener itself (`[헤럴드경제=고승희 기자]`, `[헤럴드생생뉴스]`,
    glued to the text or not); any other bracket (`[단독]`) stays in the text.
    """
    # Matched on the folded text (`［헤럴드경제=김민지 기자］`); the head comes back with ASCII
    # brackets, the rest as printed.
    text = _fold(paragraph[: 4 * _BYLINE_MAX])
    end = at = 0
    tags: list[str] = []
    for _ in range(_KO_LEAD_MAX):
        m = _KO_LEAD_BRACKET.match(text, at)
        if m is None:
            break
        inner = clean_text(m.group(1))
        if _ko_lookalike(inner):
            end = at = m.end()
            continue
        if _ko_is_credit(inner):
            end = m.end()
            break
        if _KO_TOPIC_TAG.match(inner):
            # `[단독][헤럴드경제=고승희 기자]`: the story's tag stays in the text, the opener
            # after it is still the byline.
            tags.append(paragraph[m.start() : m.end()].strip())
            at = m.end()
            continue
        break
    if end == 0:
        return None, paragraph
    rest = paragraph[end:]
    return clean_text(text[:end]), (" ".join(tags) + " " + rest.lstrip()) if tags else rest


# Yonhap's opener, `(서울=연합뉴스) 김철수 기자 =`: place and agency in brackets, then the
# reporters (`김철수 이영희 기자`) and an `=` before the text.
_KO_WIRE_CREDIT = re.compile(
    r"^\((?P<place>[가-힣]{1,10})=(?P<agency>[가-힣A-Za-z0-9]{2,12})\)\s{0,3}"
    r"(?P<people>[가-힣 ·,ㆍ/]{2,60}?)\s{0,3}=?\s{0,3}$"
)
# Reporters in one credit: `고승희·신혜원`, `고은결/신혜원`, `고승희, 신혜원`, `고승희 및 신혜원`.
_KO_NAME_SPLIT = re.compile(r"\s{0,3}[·,ㆍ/]\s{0,3}|\s{1,3}및\s{1,3}")


def _ko_people(people: str, *, spaced: bool = False) -> list[str]:
    """Names in the people part of a Korean credit; with `spaced`, a space parts names too
    (Yonhap's `김철수 이영희 기자`)."""
    names = []
    for part in _KO_NAME_SPLIT.split(people)[:8]:
        # `이명수 기자·뉴욕=도현정 특파원`: a second reporter files from a place named before `=`.
        place, _, person = part.rpartition("=")
        if _KO_NOT_BYLINE.match(place.strip()):
            continue  # `고승희 기자, 사진=임세준 기자`: the photographer credits the picture
        name = _strip_ko_title(person, spaced=spaced)
        for one in name.split()[:8] if spaced else [name]:
            if _is_person(one):
                names.append(one)
    return names


def _names_ko(text: str) -> tuple[list[str], str | None, bool]:
    """Names, organisation and whether a Korean credit was found at all."""
    # The title is required: `(서울=연합뉴스) 정부는 발표` is the text, not reporters.
    if (
        (m := _KO_WIRE_CREDIT.match(text))
        and _KO_TITLE_RE.search(m["people"])
        and (names := _ko_people(m["people"], spaced=True))
    ):
        return names, _agency(m["agency"]) or m["agency"], True
    agency_only = None
    for m in _KO_BRACKET.finditer(text):
        inner = clean_text(m.group(1))
        if _KO_NOT_BYLINE.match(inner):
            continue
        org, eq, people = inner.partition("=")
        org = org.strip()
        if org == "글":  # `[글=고승희 기자, 사진=임세준 기자]`: "text by", no organisation
            org = ""
        if not eq:
            if inner.lower() in _KO_IMAGE_CREDITS:
                # `[연합]` before an opener credits the photo; alone, the copy.
                agency_only = agency_only or (org if _agency(org) else None)
                continue
            if _KO_DESK.search(org) or _agency(org):
                return [], org, True
            continue
        return _ko_people(people), org or None, True
    if agency_only:
        return [], agency_only, True
    # A bare `홍길동 기자` line with no bracket, or Yonhap's `홍길동 기자 =`.
    text = text.strip().removesuffix("=").rstrip()
    bare = _strip_ko_title(text)
    if text != bare and _HANGUL_NAME.match(bare) and _is_person(bare):
        return [bare], None, True
    # Two or more reporters, `김철수·이영희 기자`: every part a name, the title after the last.
    if text != bare and len(bare) <= 40 and _KO_NAME_SPLIT.search(bare):
        parts = _KO_NAME_SPLIT.split(bare)[:8]
        if all(_HANGUL_NAME.match(n) and _is_person(n) for n in parts):
            return parts, None, True
    return [], None, False


def _ko_is_place(org: str) -> bool:
    return bool(_HANGUL_NAME.match(org)) and not _KO_MEDIA_END.search(org) and not _agency(org)


def _ko_handles(footer: str) -> list[tuple[int, str]]:
    """(position, name) of each `<이름기자@handle>` in a footer."""
    out = []
    for m in _KO_HANDLE.finditer(footer):
        name = _strip_ko_title(m.group("name"))  # `홍동희기자` is 홍동희 and a title
        if _is_person(name):
            out.append((m.start(), name))
    return out


# -- footers -----------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _after_sentence(text: str) -> str:
    """`text` after its last full stop (`... next week. By Lee Hyo-jin`): the stop of an
    initial (`Robert J. Fouser`) ends no sentence."""
    at = len(text)
    for _ in range(8):
        at = text.rfind(". ", 0, at)
        if at < 0:
            return text
        if not (text[at - 1 : at].isupper() and (at == 1 or not text[at - 2].isalpha())):
            return text[at + 2 :]
    return text


def _footer_pairs(
    footer: str,
) -> tuple[tuple[tuple[str | None, str | None], ...], str | None, str | None]:
    """(name or None, email or None) pairs in footer order, a wire credit and a desk credit
    (`헤럴드생생뉴스/onlinenews@...`) from an end-of-body footer. Memoised: the extractor
    reads a page's footer once to see whether it is a wire's alone, then with the byline."""
    found: list[tuple[int, str | None, str | None]] = []
    agency = desk = None
    if m := _WIRE_TAIL.search(footer):
        agency = _agency(m.group(1))
    if _REPORTER_BOX.match(footer):
        return tuple((n, None) for n in _names_en(footer)[0]), agency, None
    last = 0
    for m in _EMAIL.finditer(footer):
        # The name is what stands before the address since the previous one: at most 60
        # characters after the last bracket, slash or `@`, less a `(` or `/` just before it.
        before = footer[last : m.start()].rstrip()
        last = m.end()
        slash = before.endswith("/")
        if before.endswith(("(", "/")):
            before = before[:-1]
        raw_name = clean_text(_NAME_BREAK.split(before)[-1][-60:])
        raw_name = _after_sentence(raw_name)  # a footer glued to the last sentence
        glued = [g.start() for g in _GLUED_BY.finditer(raw_name)]
        if glued:  # ... with no space: `next week.By Lee Hyo-jin`
            raw_name = raw_name[glued[-1] + 1 :]
        raw_name = _BY_PREFIX.sub("", raw_name).strip(" ,(")
        # `By A (a@...) and B (b@...)`: the second name follows an `and`.
        raw_name = _LEADING_AND.sub("", raw_name)
        name = _strip_ko_title(raw_name) if raw_name else ""
        if name and _is_person(name):
            found.append((m.start(), name, m.group(0)))
        elif slash and raw_name and (_KO_DESK.search(raw_name) or _agency(raw_name)):
            desk = desk or raw_name  # a desk's address is no reporter's
        elif raw_name and (house := _agency(raw_name)) and not _names_en("By " + raw_name)[0]:
            desk = desk or house  # `By Korea Herald (khnews@...)`: the house's own address
        else:
            # `By A and B (a@..., b@...)`: the names, then their addresses in the same order.
            group = _names_en("By " + raw_name)[0] if raw_name else []
            if len(group) > 1:
                found += [(m.start() - 1, n, None) for n in group]
            found.append((m.start(), None, m.group(0)))
    found += [(at, name, None) for at, name in _ko_handles(footer)]
    found.sort(key=lambda f: f[0])
    return tuple((n, e) for _, n, e in found), agency, desk


# A title's bracket is a series tag unless it reads as a person's name. Two capitalised words
# pass `_is_person` (`[Eye Plus]`, `[Market Close]`, `[Seoul Stories]`), and no list of tags
# can be complete (the notes end theirs with "and more"), so the test is the words: a tag is
# made of ordinary English vocabulary and topic words, a columnist's name of none. Words that
# are also common given names or surnames (Bill, Mark, Grant, Young, Temple, Close, Brand,
# Song, Moon, Park) are left out of the list, so the columnists they spell stay names.
_TAG_WORDS = frozenset(
    """
    about after all an and around asia asian at back behind being best beyond big blue book
    books brief briefing busan business by cafe campus care career cars change chart check
    cinema city class climate club column corner country cultural culture daily data day days
    deal debate deep design desk diary digest digital diplomacy dive drama dramas east easy eat
    economic economics economy education election energy english essay event events exclusive
    explained explainer explains eye eyes face faces fact facts family fashion fast feature
    festival film films finance first focus food foods for forum from fun future gallery game
    games global go good graphic great growth guide hallyu hangeul hangul health hello herald
    heritage hidden history holiday home hot house housing how idol idols in industry inside
    insight insights interview into issue issues it jeju journey k-pop korea korean koreans kpop
    language last latest learn lesson lessons letter letters life lifestyle live living local
    market markets media medical memo message mobility moment moments money more movie movies
    music my nation national nature new news next night north note notebook notes now of old on
    online opinion our outlook peninsula people photo photos picture pictures place places plus
    point policy politics pop pop-up preview report reports review rising road roads round
    roundup scene scenes school science season seoul series shop shopping snapshot society south
    special sports spot spotlight stage stay stock stocks stories story style table tale tales
    talk talks taste tech the this tips to today top tour tours town trade travel trend trends
    trip unification up update view views voice voices walk watch wave waves way week weekend
    weekly well west what when where who why with word words work world year years yonhap your
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# Family names of romanised Korean names (`Kim Seong-kon`, `Moon Yoo-jin`): with a hyphenated
# given name they make a name even when the family name is an English word (Song, Moon, Do).
_KO_FAMILY_NAMES = frozenset(
    """
    kim lee yi rhee park pak bak choi choe jung jeong chung cheong kang cho jo yoon yun jang
    chang lim im yim han oh seo suh shin sin kwon hwang ahn an song yoo yu ryu hong jeon jun
    chun ko koh go moon mun yang son sohn bae baek paik heo huh nam noh roh ha kwak sung seong
    cha joo ju woo koo ku gu min na jin um eom won chae byun byeon pyo ji gil do tak ma yeo
    bang shim sim hyun hyon seol kye maeng bong eun ok ban choo chu yeom geum keum ham cheon
    yeon kal ra lew rho suk seok kong gong
    """.split()  # noqa: SIM905
)
# Places that head series (`[Hong Kong] ...`, `[Tokyo Olympics]`): words that are no part of a
# columnist's name. Places that are also names (Washington, London, Sydney, Suwon, Sejong) are
# left out; a lone place (`[Tokyo]`) is a tag already, since a columnist is named in full.
_PLACE_WORDS = frozenset(
    """
    kong york angeles vegas delhi lumpur dhabi aires janeiro tokyo osaka kyoto
    beijing shanghai taipei hanoi bangkok jakarta manila singapore mumbai moscow geneva brussels
    davos dubai helsinki stockholm pyongyang kaesong gaeseong panmunjom seoul incheon daegu
    daejeon gwangju ulsan changwon pohang gyeongju gangneung chuncheon cheongju pyeongchang
    gangnam itaewon yeouido myeongdong insadong
    """.split()  # noqa: SIM905
)
_KO_GIVEN_NAME = re.compile(r"[A-Z][a-z]{1,6}-[a-z]{1,6}")


def _ko_name_shape(tokens: list[str]) -> bool:
    """`Kim Seong-kon`, `Moon Yoo-jin`: a Korean family name, then a hyphenated given name."""
    return (
        len(tokens) == 2
        and tokens[0].lower() in _KO_FAMILY_NAMES
        and _KO_GIVEN_NAME.fullmatch(tokens[1]) is not None
    )


def _is_tag_word(token: str) -> bool:
    # `Today's`, `KH`, `CEO`: a possessive or an acronym is no part of a name; `Well-being`
    # and `Herald-Yonhap` are read word by word.
    if token.endswith(("'s", "’s")) or (len(token) > 1 and token.isalpha() and token.isupper()):
        return True
    # A lone letter is an initial (`Robert J. Fouser`), never the article `a`.
    return any(
        len(w) > 1 and (w in _TAG_WORDS or w in _PLACE_WORDS)
        for w in token.strip(".,:;!?").lower().split("-")
    )


def _title_columnist(title: str | None) -> str | None:
    if not title:
        return None
    m = re.match(r"^\s*\[([^\[\]]{2,40})\]", title[:_TITLE_MAX])
    if not m:
        return None
    inner = clean_text(m.group(1))
    if inner.lower() in SERIES_TAGS or not _is_person(inner):
        return None
    tokens = inner.split()
    if len(tokens) < 2:
        return None  # `[Well-being]`: a columnist is named in full
    if not _ko_name_shape(tokens) and any(_is_tag_word(t) for t in tokens):
        return None
    return inner


def _is_own_paper(org: str) -> bool:
    # The paper itself and its desks (`헤럴드경제 문화팀`); a sister outlet (`헤럴드POP`) is not.
    org = org.strip()
    return _agency(org) in OWN_PAPERS or org.startswith(("헤럴드경제 ", "Korea Herald "))


def _own_paper_name(org: str) -> str:
    if org.startswith("헤럴드경제"):
        return "헤럴드경제"
    return _agency(org) or "Korea Herald"


def _org_credit(org: str, named_in_byline: bool) -> tuple[str | None, str | None]:
    """(agency, paper) of the organisation a byline names.

    The own paper beside a reporter it names is the paper, not an agency; a house byline whose
    person comes from elsewhere (a columnist's title, a footer) is the agency. A bureau names
    the paper; a place before `=` is no organisation.
    """
    if m := _KO_BUREAU.match(org):
        org = m.group("paper").strip()
    if _is_own_paper(org):
        paper = _own_paper_name(org)
        return (None if named_in_byline else _agency(org) or org), paper
    if named_in_byline and _ko_is_place(org):
        return None, None
    return _agency(org) or org, None


def _same_person(a: str, b: str) -> bool:
    return (
        a.replace("-", "").replace(" ", "").lower() == b.replace("-", "").replace(" ", "").lower()
    )


def parse_byline(
    byline: str | None,
    footer: str | None = None,
    title: str | None = None,
    lang: str = "en",
    *,
    lead: str | None = None,
) -> Byline:
    """People and the credited organisation from a byline, an end-of-body footer and a title.

    Names come from the byline (else the `lead`, the first line of the body, where contributed
    pieces name their writer; else the footer; else a columnist's bracketed title), emails from
    the footer matched to their authors. Never raises; an empty result means nothing was found.
    """
    try:
        return _parse_byline(
            _fold(_head(byline, _BYLINE_MAX)),
            _fold(_tail(footer, _FOOTER_MAX)),
            _fold(title[: 4 * _TITLE_MAX]) if title else title,
            lang,
            lead,
        )
    except Exception:  # a byline must never take a crawl down; the caller counts empty results
        return Byline()


def _parse_byline(
    byline: str, footer: str, title: str | None, lang: str, lead: str | None
) -> Byline:
    if byline:
        byline, _ = split_byline_dateline(byline)
        byline = _HANDLE.sub("", _EMAIL.sub("", byline)) if "@" in byline else byline
    names: list[str] = []
    org = None
    if byline:
        if "[" in byline or (lang == "ko" and not byline.lower().startswith("by")):
            names, org, found = _names_ko(byline)
            if not found and lang != "ko":
                names, org = _names_en(byline)
        else:
            names, org = _names_en(byline)
    named_in_byline = bool(names)
    pairs, wire, desk = _footer_pairs(footer) if footer else ((), None, None)
    if not names:
        names = _lead_names(lead)
    if not names:
        names = [n for n, _ in pairs if n]
    if not names and (org is None or _is_own_paper(org)) and (col := _title_columnist(title)):
        names = [col]  # a column: the columnist in the title, the house byline the agency
    agency, paper = _org_credit(org, named_in_byline) if org else (None, None)
    if agency is None and not names and desk:
        agency = desk
    # Copy with no person author: the own paper yields to the wire whose copy it runs
    # (`By Korea Herald` over a `(Yonhap)` tail), as it does inside a byline.
    if wire and (agency is None or (agency in OWN_PAPERS and not names)):
        agency = wire
    emails: dict[str, str] = {}
    for name, email in pairs:
        if name and email:
            for known in names:
                if _same_person(known, name):
                    emails.setdefault(known, email)
    # Only an address printed without a name is free to go to a reporter: one printed beside
    # another reporter's name (`홍동희 기자/mystar@...` under 고승희's story) is that reporter's.
    loose = [e for n, e in pairs if e and n is None]
    unmatched = [n for n in names if n not in emails]
    if len(unmatched) == len(loose) and unmatched:
        # One address per reporter, in byline order.
        emails.update(zip(unmatched, loose, strict=True))
    seen: set[str] = set()
    authors = []
    for n in names:
        if n not in seen:
            seen.add(n)
            authors.append(Author(n, emails.get(n)))
    return Byline(authors, agency, paper)


# ---------------------------------------------------------------------------------------------
# Body helpers: footers and photo credits


# A footer naming several authors, each with an address or all addresses in one bracket:
# `By Kim Arin (arin@...) and Shin Ji-hye (shinjh@...)`, `By A and B (a@..., b@...)`.
_FOOTER_BY = re.compile(r"\bBy\s")
_PAREN_GROUP = re.compile(r"\(([^()]{1,300})\)")
_ADDRESS_SEPARATORS = re.compile(r"(?:\band\b|[\s,;/&]){0,30}", re.IGNORECASE)
_FOOTER_BY_MAX = 20


def _is_multi_footer(foot: str) -> bool:
    """Whether `foot` (from its `By`) is names and bracketed addresses, nothing else, with two
    names or more."""
    groups = list(_PAREN_GROUP.finditer(foot))
    if not groups or groups[-1].end() != len(foot):
        return False
    for g in groups:
        inner = g.group(1)
        if not _EMAIL.search(inner) or not _ADDRESS_SEPARATORS.fullmatch(_EMAIL.sub(" ", inner)):
            return False
    people = _BY_PREFIX.sub("", _PAREN_GROUP.sub(",", foot))
    parts = [p.strip(" .") for p in _EN_SPLIT.split(people)]
    parts = [p for p in parts if p]
    return len(parts) > 1 and all(_is_person(p) for p in parts)


def _multi_footer_start(text: str, tail: int) -> int | None:
    """Where a several-author footer ending `text` starts, or None. Its `By` opens the text,
    follows a space or is glued to a sentence's end; the first such `By` takes it whole."""
    if not text.endswith(")"):
        return None
    for i, m in enumerate(_FOOTER_BY.finditer(text, tail)):
        if i >= _FOOTER_BY_MAX:
            break
        at = m.start()
        if at and text[at - 1] not in ' .!?"”’)':
            continue
        if _is_multi_footer(text[at:]):
            return at
    return None


def split_footer(paragraph: str) -> tuple[str, str | None]:
    """Split an end-of-body credit (email footer, `(Yonhap)`) from the last paragraph.

    Returns (text kept in the body, footer or None). A footer glued to the last sentence is cut
    off; the sentence stays. A footer of several items (`<이름기자@handle>` then an address, one
    address per reporter) is taken whole; a cut-short `이름 기자/handle@` is no address.
    """
    printed = clean_text(paragraph)
    # Patterns run on the folded text (`（cheesuk@...）` as `(cheesuk@...)`); one character
    # for one, so its positions cut the printed text.
    text = _fold(printed)
    # A footer ends the paragraph: only its last characters are searched (a search from a
    # position still sees the characters before it, so the result is the same).
    tail = max(0, len(text) - _FOOTER_MAX)
    if _REPORTER_BOX.match(text) or (text[:1] == "(" and _PAREN_ADDRESS.fullmatch(text)):
        return "", printed  # a reporter box, or a line of its own `(arin@heraldcorp.com)`
    # Both address forms hold an `@`: a paragraph without one in its end has neither.
    addressed = "@" in text[tail:]
    if addressed and (m := _FOOTER_EN.search(text, tail)):
        return printed[: m.start("foot")].strip(), printed[m.start("foot") : m.end("foot")]
    if addressed and (at := _multi_footer_start(text, tail)) is not None:
        return printed[:at].strip(), printed[at:]
    pieces: list[str] = []
    end = len(text)
    for _ in range(_FOOTER_ITEMS_MAX if addressed else 0):
        m = _FOOTER_ITEM.search(text, max(0, end - _FOOTER_MAX), end)
        if m is None:
            break
        pieces.append(printed[m.start("foot") : m.end("foot")].strip())
        end = m.start("foot")
        while end > 0 and text[end - 1] == " ":
            end -= 1
    if pieces:
        return printed[:end].strip(), " ".join(reversed(pieces))
    if m := _WIRE_TAIL.search(text, tail):
        return printed[: m.start()].strip(), printed[m.start() : m.end()].strip()
    return printed, None


def split_footers(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Split the footer lines off the end of a body's paragraphs.

    A footer can take several lines (a handle, then an address; one address per reporter):
    each trailing paragraph that is only a footer is taken, and the last one may be glued to a
    sentence. Returns (paragraphs kept, the footer lines joined by a space, or None).
    """
    kept = list(paragraphs)
    pieces: list[str] = []
    while kept and len(pieces) < _FOOTER_ITEMS_MAX:
        text, foot = split_footer(kept[-1])
        if foot is None:
            break
        pieces.append(foot)
        kept.pop()
        if text:
            kept.append(text)
            break
    return kept, " ".join(reversed(pieces)) if pieces else None


_CREDIT_PAREN = re.compile(r"\s*\(([^()]{2,80})\)\s*$")
_CREDIT_BRACKET = re.compile(r"\s*\[([^\[\]]{2,80})\]\s*$")
# A photographer's credit as captions print it, its address often cut short (site-notes §9):
# `... 회장. 임세준 기자/jun@`.
_CREDIT_CUT = re.compile(
    r"(?:^|\s)([가-힣]{2,5}\s?(?:사진)?기자\s?/\s?[A-Za-z0-9._%+-]{0,64}@[A-Za-z0-9.-]{0,100})$"
)


def split_caption_credit(caption: str | None) -> tuple[str | None, str | None]:
    """(caption, credit) from a photo caption ending in `(Yonhap)`, `[사진=KBS 화면 캡처]` or a
    photographer's `이름 기자/handle@`.

    Photo credits belong to the image, never to the story's authors.
    """
    text = clean_text(caption)
    if not text:
        return None, None
    tail = max(0, len(text) - _CAPTION_TAIL)
    if m := _CREDIT_PAREN.search(text, tail) or _CREDIT_BRACKET.search(text, tail):
        credit = m.group(1).strip().removeprefix("사진=").strip()
        return text[: m.start()].strip() or None, credit or None
    if "@" in text[tail:] and (m := _CREDIT_CUT.search(text, tail)):
        return text[: m.start()].strip() or None, m.group(1)
    return text, None
