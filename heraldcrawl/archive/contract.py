"""The hand-written validator of archive records: the rules of the JSON Schema
(`heraldcrawl/schema/article.schema.json`), fast enough to run on every item."""

from __future__ import annotations

import re

from heraldcrawl.record import ALL_FIELDS, REQUIRED_FIELDS, SITES

_KST_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$")
_ANY_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$")
_ID = re.compile(r"^(koreaherald|heraldbiz):(ud|article):\d+$")
_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
_KNOWN_FIELDS = frozenset(ALL_FIELDS)  # the schema allows no other key


def problems(record: dict) -> list[tuple[str, str]]:
    """(reason, field) for everything wrong with a record; empty when it is valid.

    The same rules as the JSON Schema, hand-written: this runs once per item.
    """
    out = [("missing_field", k) for k in REQUIRED_FIELDS if k not in record]
    if out:
        return out
    if unknown := record.keys() - _KNOWN_FIELDS:
        out += [("unknown_field", k) for k in sorted(unknown)]
    if not isinstance(record["id"], str) or not _ID.match(record["id"]):
        out.append(("wrong_type", "id"))
    if not isinstance(record["url"], str) or not record["url"].startswith("https://"):
        out.append(("wrong_type", "url"))
    if record["site"] not in SITES:
        out.append(("wrong_type", "site"))
    if record["lang"] not in ("en", "ko"):
        out.append(("wrong_type", "lang"))
    for key in ("layout", "title"):
        if not isinstance(record[key], str) or not record[key].strip():
            out.append(("empty_field", key))
    if not isinstance(record["body"], str):
        out.append(("wrong_type", "body"))
    for key in ("subtitle", "section", "agency", "byline_raw", "dateline_raw"):
        if record[key] is not None and not isinstance(record[key], str):
            out.append(("wrong_type", key))
    for key in ("published", "updated"):
        value = record[key]
        if value is None:
            continue
        if not isinstance(value, str) or not _ANY_TIME.match(value):
            out.append(("wrong_type", key))
        elif not _KST_TIME.match(value):
            out.append(("naive_datetime", key))
    authors = record["authors"]
    if not isinstance(authors, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"] for a in authors
    ):
        out.append(("wrong_type", "authors"))
    images = record["images"]
    if not isinstance(images, list) or not all(
        isinstance(i, dict) and isinstance(i.get("url"), str) for i in images
    ):
        out.append(("wrong_type", "images"))
    if not isinstance(record["content_hash"], str) or not _HASH.match(record["content_hash"]):
        out.append(("wrong_type", "content_hash"))
    if not isinstance(record["fetched_at"], str) or not _UTC_TIME.match(record["fetched_at"]):
        out.append(("wrong_type", "fetched_at"))
    revision = record["revision"]
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        out.append(("wrong_type", "revision"))
    return out
