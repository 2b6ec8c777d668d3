"""Credits printed inside the text: Korean openers, contributors' lines, footers, chrome lines.

These rules read the paragraphs a layout or the content finder produced; they are what the page
says, so they hold whatever the markup. Korean-only rules live here, not in the base layout.
"""

from __future__ import annotations

import re

from heraldcrawl.extract.generic import LABELLED
from heraldcrawl.normalize import (
    clean_text,
    is_ko_photo_credit,
    parse_dateline,
    split_footer,
    split_footers,
    split_ko_opener,
)

# A paragraph that is one bracket (`[사진=연합뉴스]`), and the last bracket of an opening run.
_LONE_BRACKET = re.compile(r"^\s{0,4}\[([^\[\]]{1,60})\]\s{0,4}$")
_LAST_BRACKET = re.compile(r"\[([^\[\]]{1,60})\]\s{0,4}$")
# The site's copyright notice, which can end up inside a text container, glued to the last
# sentence or not. Only the notice is furniture: the wording of an ordinary sentence (`...을 무단
# 전재한 혐의로`, `all rights reserved to...`) is not, so the Korean notice is the whole
# `무단 전재 및 재배포 금지` and the English one is spelt as notices spell it.
# The lookahead on the possible first letters spares re a try of every alternative at each
# position of a paragraph.
_CHROME_LINE = re.compile(
    r"(?=[CcA무ⓒ©<\[])(?:[Cc]opyright\s{0,3}(?:ⓒ|©|\([Cc]\))?\s{0,3}Herald|All\s{1,3}Rights\s{1,3}Reserved"
    r"|무단\s{0,2}전재\s{0,3}(?:및|[-·&/,])?\s{0,3}재배포\s{0,2}금지|(?:<\s{0,2}저작권자\s{0,2})?[ⓒ©]\s{0,3}헤럴드"
    r"|[ⓒ©]\s{0,3}(?:The\s{1,3})?Korea\s{1,3}Herald\s{0,2}[.,]?\s{0,2}"
    r"(?:[Aa]ll\s{1,3}[Rr]ights\s{1,3}[Rr]eserved|$)|\[Copyright\])"
)
# What may open a notice a little before its first marker (`ⓒ 헤럴드경제, 무단 전재...`).
_NOTICE_OPEN = re.compile(r"<\s{0,2}저작권자|[Cc]opyright|[ⓒ©]|\([Cc]\)")
# A notice and what follows it (phone numbers, an address) are this long at most.
_NOTICE_MAX = 300
# A paragraph that is only a dateline (`입력 2025-03-04 09:12:30`, `Published : Dec. 18, 2017 -
# 16:20 Updated : ...`): it sits in the text container on some pages, after the text or before
# the footer, and is furniture, never text. What the labels, dates and times leave must be
# nothing.
_DATE_LABEL_START = re.compile(
    r"^(?:Published|Updated|Posted|Modified|기사\s?입력|최종\s?수정|입력|수정|등록)", re.IGNORECASE
)
_DATELINE_WORDS = re.compile(
    r"Published|Updated|Posted|Modified|기사\s?입력|최종\s?수정|입력|수정|등록|오전|오후"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}|[AaPp]\.?[Mm]\.?|KST"
    r"|[0-9년월일시분초:：.,/|·•\-–\s]",
    re.IGNORECASE,
)
_DATELINE_LINE_MAX = 120
# A teaser of another article inside the text: `▶관련기사 [헤럴드경제=이름 기자] 제목`. Its
# credit is another reporter's, never this article's.
_TEASER = re.compile(r"^\s{0,3}[▶☞►▷]\s{0,3}(?:관련\s?기사|\[[^\[\]=]{1,30}=[^\[\]]{1,40}\])")
# The heading of a related-articles block printed inside the text (`[관련기사]`, `▶ 관련 기사`):
# the short lines after it are other articles' titles and credits.
_RELATED_HEAD = re.compile(r"^\s{0,3}[\[<【■▶☞►▷]?\s{0,2}관련\s?기사\s{0,2}[\]>】]?\s{0,3}:?$")
_TEASER_MARKS = frozenset("▶☞►▷")  # a teaser opens with one, after at most three spaces
_RELATED_REACH = 8  # the block sits in the last paragraphs
_RELATED_ITEM_MAX = 150
# A wire's Korean credit after its dateline: `김철수 기자 = 본문` (the `(서울=연합뉴스)` before it
# is the wire dateline).
_KO_WIRE_CREDIT = re.compile(
    r"^\s{0,3}(?P<credit>[가-힣]{2,5}(?:(?:\s?[·,]\s?|\s)[가-힣]{2,5}){0,3}\s?(?:선임기자|기자|특파원))\s{0,2}=\s{0,3}"
)

# A contributor's line at the top of a contributed piece: `By Name`, nothing else.
_CONTRIBUTOR = re.compile(r"^By\s{1,3}[A-Z][A-Za-z.'’ -]{2,60}$")
# A closing byline: `By A`, `By A and B`, `By A, B and C`, `By Korea Herald`.
_CONTRIBUTOR_LINE = re.compile(r"^By\s{1,3}[A-Z][A-Za-z.,'’ -]{2,120}$")
_SENTENCE_END = re.compile(r"[.!?][\"'’”]?$")


def opener(paras: list[str], lang: str) -> tuple[str | None, list[str]]:
    """The Korean bracket credit that opens the text, and the paragraphs without it.

    Photo and agency credits standing before it (`[게티이미지]`, `[123RF]`, `[사진=...]`) are
    cut too, in a paragraph of their own or not: they credit a picture, never the story.
    """
    if lang != "ko" or not paras:
        return None, paras
    paras = list(paras)
    if len(paras) > 1 and _photo_line(paras[0]) and _opens_with_credit(paras[1]):
        # A photo's caption or credit printed before the opener (`이재용 회장. 임세준 기자/jun@`,
        # `국회. [연합]`): nothing of the story comes before its byline.
        paras.pop(0)
    for _ in range(6):
        if not paras:
            break
        head, rest = split_ko_opener(paras[0])
        if head is None:
            break
        if rest.strip():
            paras[0] = rest.lstrip()
        else:
            paras.pop(0)
        last = _LAST_BRACKET.search(head)
        if last is not None and not is_ko_photo_credit(last.group(1).strip()):
            return last.group(0).strip(), paras
    return None, paras


# A photo credit cut short, as captions print it (site-notes §9): `임세준 기자/jun@`.
_CUT_PHOTO_CREDIT = re.compile(
    r"(?:^|\s)[가-힣]{2,5}\s?(?:사진)?기자\s?/\s?[A-Za-z0-9._%+-]{0,64}@?[A-Za-z0-9.-]{0,100}$"
)
_PHOTO_LINE_MAX = 200
# The same credit as a line of its own, its address cut after the `@` (a full one,
# `홍동희 기자/mystar@heraldcorp.com`, is a footer): a photo's, never text.
_CUT_CREDIT_LINE = re.compile(
    r"^\s{0,3}[가-힣]{2,5}\s?(?:사진)?기자\s?/\s?[A-Za-z0-9._%+-]{1,64}@$"
)


def _photo_line(p: str) -> bool:
    """A short line that is a photo's caption or credit: it ends in a cut-short credit or in a
    bracketed photo credit."""
    if len(p) > _PHOTO_LINE_MAX:
        return False
    if _CUT_PHOTO_CREDIT.search(p):
        return True
    m = _LAST_BRACKET.search(p)
    return m is not None and is_ko_photo_credit(m.group(1).strip())


def _opens_with_credit(p: str) -> bool:
    """The paragraph opens with a byline bracket (`[헤럴드경제=...]`), not a photo credit."""
    head, _ = split_ko_opener(p)
    if head is None:
        return False
    last = _LAST_BRACKET.search(head)
    return last is not None and not is_ko_photo_credit(last.group(1).strip())


def contributor(paras: list[str], lang: str) -> tuple[str | None, list[str]]:
    """A contributed piece names its writer at the top of the text (`By Name`, then a line
    with a job title): the writer, and the text without those lines."""
    if lang != "en" or len(paras) < 2 or not _CONTRIBUTOR.match(paras[0]):
        return None, paras
    writer, rest = paras[0], paras[1:]
    if len(rest) > 1 and _job_line(rest[0]):
        rest = rest[1:]
    return writer, rest


# Words of a sentence that a job title has none of (`Former ambassador to the United States.`
# is a title; `The talks were held...` is text).
_SENTENCE_WORDS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "did",
        "does",
        "do",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "shows",
        "showed",
    ]
)
_JOB_LINE_MAX = 250
_INNER_SENTENCE_END = re.compile(r"[.!?]\s")
_WORD = re.compile(r"[A-Za-z']{1,30}")


def _job_line(line: str) -> bool:
    """A contributor's job title under the `By Name` line: one short line, a sentence of no
    verb of saying or being, at most one full stop (its last character)."""
    if len(line) > _JOB_LINE_MAX or not line[:1].isupper():
        return False
    body = line[:-1] if _SENTENCE_END.search(line) else line
    if _INNER_SENTENCE_END.search(body):
        return False
    words = {w.lower() for w in _WORD.findall(body)}
    return not (words & _SENTENCE_WORDS)


def ko_wire_credit(paras: list[str], lang: str) -> tuple[str | None, list[str]]:
    """The reporter of Korean wire copy (`(서울=연합뉴스) 김철수 기자 = ...`), once the wire
    dateline is cut: the credit, and the text without it."""
    if lang != "ko" or not paras or (m := _KO_WIRE_CREDIT.match(paras[0][:80])) is None:
        return None, paras
    rest = paras[0][m.end() :]
    return m.group("credit"), ([rest, *paras[1:]] if rest.strip() else paras[1:])


def footers(paras: list[str]) -> tuple[list[str], str | None, str | None]:
    """Split the end-of-text credits off the last paragraphs: (paragraphs, footer or None,
    closing byline or None).

    Footers of several lines (one address a reporter) are the normaliser's `split_footers`. A
    design with no header byline closes the text with a bare `By Name and Name` line: the
    closing byline.
    """
    paras = _after_footer(list(paras))
    closing = None
    if len(paras) > 1 and len(paras[-1]) <= 160 and _CONTRIBUTOR_LINE.match(paras[-1]):
        closing = paras.pop()
    paras, footer = split_footers(paras)
    return paras, footer, closing


# Lines a site prints after the reporter's address (teasers of other stories, subscribe
# prompts): short, and no sentence.
_FURNITURE_MAX = 120
_FURNITURE_REACH = 4
_STOPS = tuple(".!?\"'”’")


def _furniture(text: str) -> bool:
    if len(text) > _FURNITURE_MAX or "@" in text:
        return False
    # A subscribe prompt may end in a full stop (`Subscribe to our newsletter.`).
    return not text.rstrip().endswith(_STOPS) or "ubscribe" in text or "구독" in text


def _after_footer(paras: list[str]) -> list[str]:
    """The paragraphs up to a line that is only a footer (`ksh@heraldcorp.com`), when all that
    follows it is a few short lines of furniture: the footer ends the story."""
    n = len(paras)
    for j in range(n - 2, max(0, n - 2 - _FURNITURE_REACH), -1):
        if not _furniture(paras[j + 1]):
            break
        if "@" in paras[j] or "(" in paras[j]:
            text, foot = split_footer(paras[j])
            if foot is not None and not text:
                return paras[: j + 1]
    return paras


def _is_dateline_line(text: str) -> bool:
    return (
        len(text) <= _DATELINE_LINE_MAX
        and _DATE_LABEL_START.match(text) is not None
        and not _DATELINE_WORDS.sub("", text)
        and parse_dateline(text).published is not None
    )


def _cut_notice(p: str) -> str | None:
    """The paragraph without a copyright notice at its end (None: it is all notice); the
    paragraph itself when it holds none."""
    # Every notice holds one of these words: testing for them is much cheaper than the
    # pattern, which most paragraphs never need.
    if "opyright" in p or "Reserved" in p or "재배포" in p or "ⓒ" in p or "©" in p:
        return _cut_notice_at(p)
    return p


def _cut_notice_at(p: str) -> str | None:
    m = _CHROME_LINE.search(p)
    if m is None:
        return p
    start = m.start()
    # The notice may open a little before its marker (`ⓒ 헤럴드경제, 무단 전재 및 ...`).
    if (back := _NOTICE_OPEN.search(p, max(0, start - 40), start)) is not None:
        start = back.start()
    if len(p) - start > _NOTICE_MAX:
        return p  # a notice is short: this is running text that names one
    kept = p[:start].rstrip(" ,/|-·<")
    return kept if kept.strip() else None


def _cut_dateline_tail(p: str) -> str:
    """A paragraph ending in a dateline (`raw@heraldcorp.com 입력 2025-03-04 09:12:30`) without
    it."""
    for m in LABELLED.finditer(p, max(0, len(p) - _DATELINE_LINE_MAX)):
        if m.start() and _is_dateline_line(p[m.start() :]):
            return p[: m.start()].rstrip(" |·")
    return p


# Another story's teaser as a bare line near the end, by its credit (`[헤럴드경제=박지영 기자]
# 환율 1400원 돌파`, `환율 1400원 돌파 [헤럴드경제=박지영 기자]`, `- 환율 돌파 (박지영 기자)`)
# or its label (`관련기사 : ...`, `#관련기사 [...]`).
_TEASER_CREDIT = re.compile(
    r"^\s{0,3}[-·•]?\s{0,3}\[[^\[\]=]{1,30}=[^\[\]]{1,40}\]\s{0,3}\S"
    r"|\[[^\[\]=]{1,30}=[^\[\]]{1,40}\]\s{0,3}$"
    r"|\(\s?[가-힣]{2,5}\s?기자\s?\)\s{0,3}$"
    r"|^\s{0,3}#?\s{0,2}관련\s?기사\s{0,2}[:：\]\[]"
)


_AD_LABELS = frozenset(
    ("advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content", "광고")
)


def _teaser_line(p: str, before: list[str]) -> bool:
    """`p`, a short line after the story's text, is a teaser of another story: it has a
    teaser's credit or label, ends no sentence, and real text stands before it (an opener
    after a photo's credit is this story's own)."""
    if p.rstrip().endswith(_STOPS) or ("=" not in p and "기" not in p):
        return False
    if _TEASER_CREDIT.search(p) is None:
        return False
    return any(len(b) >= 20 and b.rstrip().endswith(_STOPS) for b in before)


def drop_chrome_lines(paras: list[str], title: str | None) -> list[str]:
    """Paragraphs less the site's furniture (copyright notices, dateline lines, teasers of other
    articles and related-article blocks), lone photo credits and a repeated headline; a notice
    or a dateline glued to the end of a paragraph is cut from it, the text before it kept."""
    out = []
    head = clean_text(title)
    last = len(paras) - 3
    related = False
    for k, p in enumerate(paras):
        if (cut := _cut_notice(p)) is None:
            continue
        p = cut
        if k >= len(paras) - _RELATED_REACH and "관련" in p and _RELATED_HEAD.match(p):
            related = True
            continue
        if related and len(p) <= _RELATED_ITEM_MAX and "@" not in p:
            continue  # a related article's title; an address line is the footer again
        related = False
        if k >= last and k and len(p) <= _FURNITURE_MAX and _teaser_line(p, out):
            continue
        if len(p) <= 24 and p.strip(" -–—·[]()").casefold() in _AD_LABELS:
            continue  # an ad slot's label, whatever its markup
        if (
            _is_dateline_line(p)
            or (not _TEASER_MARKS.isdisjoint(p[:4]) and _TEASER.match(p))
            or (p.endswith("@") and _CUT_CREDIT_LINE.match(p))
        ):
            continue
        if k >= last:
            p = _cut_dateline_tail(p)
        # `\s{0,4}$` admits four spaces and a final newline after the bracket: six characters.
        m = _LONE_BRACKET.match(p) if "]" in p[-6:] else None
        if m and is_ko_photo_credit(m.group(1).strip()):
            continue  # a credit standing alone is a caption's, not text
        if head and p == head and not out:
            continue
        out.append(p)
    return out
