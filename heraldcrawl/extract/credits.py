"""Credits printed inside the text: Korean openers, contributors' lines, footers, chrome lines.

These rules read the paragraphs a layout or the content finder produced; they are what the page
says, so they hold whatever the markup. Korean-only rules live here, not in the base layout.
"""

from __future__ import annotations

import re

from heraldcrawl.normalize import clean_text, is_ko_photo_credit, split_footers, split_ko_opener

# A paragraph that is one bracket (`[사진=연합뉴스]`), and the last bracket of an opening run.
_LONE_BRACKET = re.compile(r"^\s{0,4}\[([^\[\]]{1,60})\]\s{0,4}$")
_LAST_BRACKET = re.compile(r"\[([^\[\]]{1,60})\]\s{0,4}$")
# Lines of the page's furniture that can end up inside a text container.
# The lookahead on the possible first letters spares re a try of every alternative at each
# position of a paragraph.
_CHROME_LINE = re.compile(
    r"(?=[CcAa무재ⓒ])(?:Copyright\s{0,3}(?:ⓒ|©|\(c\))?\s{0,3}Herald|All\s{1,3}Rights\s{1,3}Reserved|"
    r"무단\s{0,2}전재|재배포\s{0,2}금지|^ⓒ\s{0,3}헤럴드)",
    re.IGNORECASE,
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

    Footers of several lines (one address a reporter) are the normaliser's `split_footers`. A
    design with no header byline closes the text with a bare `By Name and Name` line: the
    closing byline.
    """
    paras = list(paras)
    closing = None
    if len(paras) > 1 and len(paras[-1]) <= 160 and _CONTRIBUTOR_LINE.match(paras[-1]):
        closing = paras.pop()
    paras, footer = split_footers(paras)
    return paras, footer, closing


def drop_chrome_lines(paras: list[str], title: str | None) -> list[str]:
    """Paragraphs less the site's furniture (copyright lines), lone photo credits and a
    repeated headline."""
    out = []
    head = clean_text(title)
    for p in paras:
        if len(p) <= 400 and _CHROME_LINE.search(p):
            continue
        m = _LONE_BRACKET.match(p)
        if m and is_ko_photo_credit(m.group(1).strip()):
            continue  # a credit standing alone is a caption's, not text
        if head and p == head and not out:
            continue
        out.append(p)
    return out
