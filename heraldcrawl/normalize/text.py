"""Text clean-up shared by every reader, and the length caps that keep them cheap."""

from __future__ import annotations

import unicodedata

_is_normalized = unicodedata.is_normalized

# Letters re.IGNORECASE matches to ASCII ones that lower() does not give (`ſ` for `s`, `İ` and
# `ı` for `i`); `İ` is also the one character lower() lengthens.
_ODD_FOLDS = ("\u0130", "\u0131", "\u017f")


def first_word_at(text: str, words: tuple[str, ...]) -> int | None:
    """Where the first of these lower-case words starts in `text`, matched as a case-blind
    pattern would match it; None when none is there. A text holding a letter lower() does
    not fold as re does gives 0: the pattern must then read it whole. A gate that spares a
    case-blind pattern the texts it cannot match."""
    if _ODD_FOLDS[0] in text or _ODD_FOLDS[1] in text or _ODD_FOLDS[2] in text:
        return 0
    low = text.lower()
    found = [at for word in words if (at := low.find(word)) >= 0]
    return min(found) if found else None


def clean_text(text: str | None) -> str:
    """NFC, non-breaking spaces and every whitespace run folded to one space, stripped."""
    if not text:
        return ""
    if not _is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Most text is clean already: no space but single ASCII ones inside it (the one whitespace
    # character `isprintable` admits is " "), none at either end. Spared a split and a join.
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
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
    """The cleaned start of `text`, at most `limit` characters, ending on a whole word.

    A cut inside a word would leave a piece of it (`lms@heraldc`) that reads as something else.
    """
    if not text:
        return ""
    raw = text[: 4 * limit + 2]  # one character past the piece read shows whether it cut a word
    cleaned = clean_text(raw[:-1] if len(raw) > 4 * limit + 1 else raw)
    whole = len(raw) <= 4 * limit + 1 or raw[-1].isspace() or raw[-2].isspace()
    if len(cleaned) <= limit and whole:
        return cleaned
    cut = cleaned[:limit]
    if (len(cleaned) <= limit or cleaned[limit] != " ") and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip()


def _tail(text: str | None, limit: int) -> str:
    """The cleaned end of `text`, at most `limit` characters, starting on a whole word.

    A cut inside an address would keep its end as an address of its own (`s@heraldcorp.com`).
    """
    if not text:
        return ""
    raw = text[-(4 * limit + 2) :]  # one character before the piece read, as for _head
    cleaned = clean_text(raw[1:] if len(raw) > 4 * limit + 1 else raw)
    whole = len(raw) <= 4 * limit + 1 or raw[0].isspace() or raw[1].isspace()
    if len(cleaned) <= limit and whole:
        return cleaned
    cut = cleaned[-limit:]
    if (len(cleaned) <= limit or cleaned[-limit - 1] != " ") and " " in cut:
        cut = cut[cut.index(" ") + 1 :]
    return cut.lstrip()
