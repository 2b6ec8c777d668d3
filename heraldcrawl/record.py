"""The archive record: field names, time helpers and the content hash.

The record contract is `heraldcrawl/schema/article.schema.json`, documented in
`docs/archive-format.md`; a test holds this module, the item, the schema and the document together.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

KST = timezone(timedelta(hours=9), "KST")

SITES = ("koreaherald", "heraldbiz")
SITE_LANG = {"koreaherald": "en", "heraldbiz": "ko"}

# Keys every archived record carries (nullable ones may be null, never absent).
REQUIRED_FIELDS = (
    "id",
    "url",
    "site",
    "lang",
    "layout",
    "title",
    "subtitle",
    "section",
    "authors",
    "agency",
    "byline_raw",
    "dateline_raw",
    "published",
    "updated",
    "body",
    "images",
    "content_hash",
    "fetched_at",
    "revision",
)
# Extra keys the crawler adds; optional for readers of the archive.
OPTIONAL_FIELDS = (
    "fetched_url",
    "wire_dateline",
    "word_count",
    "provenance",
    "warc",
    "extractor_version",
    "revised_by",
)
ALL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
# Keys only a crawl (or a reparse) knows; `extract_article` leaves them out.
CRAWL_FIELDS = ("fetched_at", "revision", "fetched_url", "warc", "extractor_version", "revised_by")


def _system_now() -> datetime:
    return datetime.now(UTC)


# One clock for every "now" that ends up in a record; tests replace it with `set_clock`.
_clock: Callable[[], datetime] = _system_now


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Replace the clock used for `fetched_at` (None restores the system clock)."""
    global _clock
    _clock = clock or _system_now


def utc_now() -> datetime:
    now = _clock()
    if now.tzinfo is None:
        raise ValueError("the record clock returned a naive datetime; it must be timezone-aware")
    return now.astimezone(UTC)


def iso_utc(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_kst(dt: datetime | None) -> str | None:
    """ISO 8601 in Korea time with the +09:00 offset; refuses naive datetimes."""
    if dt is None:
        return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: every record time must carry an offset")
    return dt.astimezone(KST).isoformat(timespec="seconds")


def normalise_text(text: str) -> str:
    """NFC, with every whitespace run folded to one space; used for hashing and comparison."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def content_hash(title: str | None, body: str | None) -> str:
    """Stable hash of the normalised title and body: equal text gives an equal hash."""
    text = normalise_text(title or "") + "\n" + normalise_text(body or "")
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def word_count(body: str) -> int:
    return len(body.split())


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of one archive record, shipped in the package."""
    ref = resources.files("heraldcrawl") / "schema" / "article.schema.json"
    return json.loads(ref.read_text(encoding="utf-8"))
