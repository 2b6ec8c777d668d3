"""The hand-written validator of archive records: the rules of the JSON Schema
(`heraldcrawl/schema/article.schema.json`), fast enough to run on every item.

Both follow docs/archive-format.md; `tests/test_contract_diff.py` runs both over generated good
and bad records and holds them to the same verdict.

Patterns use `[0-9]`, not `\\d` (which in Python also takes other scripts' digits), and are
matched whole (`fullmatch`): a value with a trailing newline is refused, as the `$` of the
schema's ECMA-262 patterns refuses it.
"""

from __future__ import annotations

import re

from heraldcrawl.record import ALL_FIELDS, REQUIRED_FIELDS, SITES

_KST_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+09:00")
_ANY_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")  # a prefix: "is it a time"
_UTC_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|\+00:00)"
)
_ID = re.compile(r"(koreaherald|heraldbiz):(ud|article):[0-9]{1,20}")
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_KNOWN_FIELDS = frozenset(ALL_FIELDS)  # the schema allows no other key
_AUTHOR_KEYS = frozenset(("name", "email"))
_IMAGE_KEYS = frozenset(("url", "caption", "credit"))
_NULLABLE_TEXT = ("subtitle", "section", "agency", "byline_raw", "dateline_raw")
_OPTIONAL_TEXT = ("fetched_url", "wire_dateline")
# Longer values are refused before a pattern runs on them: no pattern here needs more.
_MAX_PATTERN_INPUT = 80


def _text_or_none(value: object) -> bool:
    return value is None or isinstance(value, str)


def _int(value: object) -> bool:
    # bool is an int to Python, not to JSON.
    return isinstance(value, int) and not isinstance(value, bool)


def _matches(pattern: re.Pattern[str], value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= _MAX_PATTERN_INPUT
        and pattern.fullmatch(value) is not None
    )


def _author_ok(a: object) -> bool:
    return (
        isinstance(a, dict)
        and a.keys() == _AUTHOR_KEYS
        and isinstance(a["name"], str)
        and a["name"] != ""
        and _text_or_none(a["email"])
    )


def _image_ok(i: object) -> bool:
    return (
        isinstance(i, dict)
        and i.keys() == _IMAGE_KEYS
        and isinstance(i["url"], str)
        and _text_or_none(i["caption"])
        and _text_or_none(i["credit"])
    )


def problems(record: dict) -> list[tuple[str, str]]:
    """(reason, field) for everything wrong with a record; empty when it is valid.

    The same rules as the JSON Schema, hand-written: this runs once per item. Reasons:
    `missing_field`, `unknown_field`, `wrong_type`, `empty_field`, `naive_datetime`.
    """
    out = [("missing_field", k) for k in REQUIRED_FIELDS if k not in record]
    if out:
        return out
    if unknown := record.keys() - _KNOWN_FIELDS:
        out += [("unknown_field", k) for k in sorted(unknown)]
    if not _matches(_ID, record["id"]):
        out.append(("wrong_type", "id"))
    if not isinstance(record["url"], str) or not record["url"].startswith("https://"):
        out.append(("wrong_type", "url"))
    if not isinstance(record["site"], str) or record["site"] not in SITES:
        out.append(("wrong_type", "site"))
    if not isinstance(record["lang"], str) or record["lang"] not in ("en", "ko"):
        out.append(("wrong_type", "lang"))
    for key in ("layout", "title"):
        if not isinstance(record[key], str) or not record[key].strip():
            out.append(("empty_field", key))
    if not isinstance(record["body"], str):
        out.append(("wrong_type", "body"))
    for key in _NULLABLE_TEXT:
        if not _text_or_none(record[key]):
            out.append(("wrong_type", key))
    for key in ("published", "updated"):
        value = record[key]
        if value is None:
            continue
        if not isinstance(value, str) or not _ANY_TIME.match(value[:_MAX_PATTERN_INPUT]):
            out.append(("wrong_type", key))
        elif not _matches(_KST_TIME, value):
            out.append(("naive_datetime", key))
    authors = record["authors"]
    if not isinstance(authors, list) or not all(_author_ok(a) for a in authors):
        out.append(("wrong_type", "authors"))
    images = record["images"]
    if not isinstance(images, list) or not all(_image_ok(i) for i in images):
        out.append(("wrong_type", "images"))
    if not _matches(_HASH, record["content_hash"]):
        out.append(("wrong_type", "content_hash"))
    if not _matches(_UTC_TIME, record["fetched_at"]):
        out.append(("wrong_type", "fetched_at"))
    revision = record["revision"]
    if not _int(revision) or revision < 1:
        out.append(("wrong_type", "revision"))
    # Optional fields: absent is fine, present must have its type.
    for key in _OPTIONAL_TEXT:
        if key in record and not _text_or_none(record[key]):
            out.append(("wrong_type", key))
    if "word_count" in record and (not _int(record["word_count"]) or record["word_count"] < 0):
        out.append(("wrong_type", "word_count"))
    if "provenance" in record:
        prov = record["provenance"]
        if not isinstance(prov, dict) or not all(isinstance(v, str) for v in prov.values()):
            out.append(("wrong_type", "provenance"))
    if "warc" in record and record["warc"] is not None and not _warc_ok(record["warc"]):
        out.append(("wrong_type", "warc"))
    if "extractor_version" in record and not (
        isinstance(record["extractor_version"], str) and record["extractor_version"]
    ):
        out.append(("wrong_type", "extractor_version"))
    if "revised_by" in record and record["revised_by"] not in ("crawl", "reparse"):
        out.append(("wrong_type", "revised_by"))
    return out


_WARC_KEYS = frozenset(("file", "offset", "length", "record_id"))
_RECORD_ID = re.compile(r"<urn:uuid:[0-9a-f-]{36}>")


def _warc_ok(w: object) -> bool:
    """The `warc` pointer: exactly {file under warc/, offset >= 0, length >= 1, record_id}."""
    return (
        isinstance(w, dict)
        and w.keys() == _WARC_KEYS
        and isinstance(w["file"], str)
        and w["file"].startswith("warc/")
        and _int(w["offset"])
        and w["offset"] >= 0
        and _int(w["length"])
        and w["length"] >= 1
        and _matches(_RECORD_ID, w["record_id"])
    )
