"""Text clean-up shared by every reader, and the length caps that keep them cheap."""

from __future__ import annotations

import unicodedata


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
