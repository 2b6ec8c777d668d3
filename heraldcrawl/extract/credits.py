"""Credits printed inside the text: Korean openers, contributors' lines, footers, chrome lines.

These rules read the paragraphs a layout or the content finder produced; they are what the page
says, so they hold whatever the markup. Korean-only rules live here, not in the base layout.
"""

from __future__ import annotations

import re

from heraldcrawl.normalize import clean_text, parse_byline, split_footer

# `[헤럴드경제=고승희 기자]` at the start of a Korean body (and its look-alikes).
_BRACKET_HEAD = re.compile(r"^\s{0,4}\[([^\[\]]{1,60})\]\s{0,4}")
# Photo, graphic and agency credits that can stand before the opener: never a byline.
_PHOTO_CREDIT = re.compile(
    r"^(?:사진|사진제공|그래픽|자료|출처|영상|제공|캡처|일러스트|게티이미지|게티|연합|"
    r"123RF|Splash News|AP|AFP|EPA|Reuters|뉴시스|뉴스1|Getty ?Images|셔터스톡|Shutterstock)"
    r"(?:[\s=:/].{0,50})?$",
    re.IGNORECASE,
)
_OPENER_HINT = re.compile(r"=|헤럴드|기자|특파원|팀\s{0,2}$")
# Lines of the page's furniture that can end up inside a text container.
_CHROME_LINE = re.compile(
    r"Copyright\s{0,3}(?:ⓒ|©|\(c\))?\s{0,3}Herald|All\s{1,3}Rights\s{1,3}Reserved|"
    r"무단\s{0,2}전재|재배포\s{0,2}금지|^ⓒ\s{0,3}헤럴드",
    re.IGNORECASE,
)
# A contributor's line at the top of a contributed piece: `By Name`, nothing else.
_CONTRIBUTOR = re.compile(r"^By\s{1,3}[A-Z][A-Za-z.'’ -]{2,60}$")
# A closing byline: `By A`, `By A and B`, `By A, B and C`, `By Korea Herald`.
_CONTRIBUTOR_LINE = re.compile(r"^By\s{1,3}[A-Z][A-Za-z.,'’ -]{2,120}$")
_SENTENCE_END = re.compile(r"[.!?][\"'’”]?$")
# Footers are looked for in this many paragraphs from the end (one address a line).
_FOOTER_LINES = 4


def opener(paras: list[str], lang: str) -> tuple[str | None, list[str]]:
    """The Korean bracket credit that opens the text, and the paragraphs without it.

    Photo and agency credits standing before it (`[게티이미지]`, `[123RF]`, `[사진=...]`) are
    cut too: they credit a picture, never the story.
    """
    if lang != "ko" or not paras:
        return None, paras
    paras = list(paras)
    for _ in range(6):
        if not paras:
            return None, paras
        m = _BRACKET_HEAD.match(paras[0])
        if m is None:
            return None, paras
        inner = m.group(1).strip()
        if _PHOTO_CREDIT.match(inner):
            paras[0] = paras[0][m.end() :]
            if not paras[0].strip():
                paras.pop(0)
            continue
        if _OPENER_HINT.search(inner) or parse_byline(m.group(0), lang="ko").authors:
            paras[0] = paras[0][m.end() :]
            if not paras[0].strip():
                paras.pop(0)
            return m.group(0).strip(), paras
        return None, paras
    return None, paras


def contributor(paras: list[str], lang: str) -> tuple[str | None, list[str]]:
    """A contributed piece names its writer at the top of the text (`By Name`, then a line
    with a job title): the writer, and the text without those lines."""
    if lang != "en" or len(paras) < 2 or not _CONTRIBUTOR.match(paras[0]):
        return None, paras
    writer, rest = paras[0], paras[1:]
    if len(rest) > 1 and len(rest[0]) <= 120 and not _SENTENCE_END.search(rest[0]):
        rest = rest[1:]
    return writer, rest


def footers(paras: list[str]) -> tuple[list[str], str | None, str | None]:
    """Split the end-of-text credits off the last paragraphs: (paragraphs, footer or None,
    closing byline or None).

    Two reporters print one address a line, so whole-footer paragraphs are taken from the end
    until one that holds text; a footer glued to the last sentence is cut off it. A design with
    no header byline closes the text with a bare `By Name and Name` line: the closing byline.
    """
    paras = list(paras)
    found: list[str] = []
    closing = None
    if len(paras) > 1 and len(paras[-1]) <= 160 and _CONTRIBUTOR_LINE.match(paras[-1]):
        closing = paras.pop()
    for _ in range(_FOOTER_LINES):
        if not paras:
            break
        kept, foot = split_footer(paras[-1])
        if not foot:
            break
        found.insert(0, foot)
        if kept:
            paras[-1] = kept
            break
        paras.pop()
    return paras, ("\n".join(found) if found else None), closing


def drop_chrome_lines(paras: list[str], title: str | None) -> list[str]:
    """Paragraphs less the site's furniture (copyright lines), lone photo credits and a
    repeated headline."""
    out = []
    head = clean_text(title)
    for p in paras:
        if len(p) <= 400 and _CHROME_LINE.search(p):
            continue
        m = _BRACKET_HEAD.match(p)
        if m and m.end() >= len(p.rstrip()) and _PHOTO_CREDIT.match(m.group(1).strip()):
            continue  # a credit standing alone is a caption's, not text
        if head and p == head and not out:
            continue
        out.append(p)
    return out
