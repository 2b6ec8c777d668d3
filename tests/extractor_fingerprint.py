"""The fingerprint of the extractor's output over the golden pages, and the version it was made
with (`tests/golden/extractor_fingerprint.json`).

    python -m tests.extractor_fingerprint      # rewrite it, after raising EXTRACTOR_VERSION

`tests/test_extractor_version.py` fails when the output changes and the version does not.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import orjson

from heraldcrawl.extract.pool import extract_record
from heraldcrawl.extract.version import EXTRACTOR_VERSION

GOLDEN = Path(__file__).resolve().parent / "golden"
STORED = GOLDEN / "extractor_fingerprint.json"


def cases() -> list[str]:
    return sorted(p.name for p in GOLDEN.iterdir() if (p / "page.html").is_file())


def output(case: str) -> bytes:
    """The record the crawl archives for a golden page, as canonical JSON."""
    folder = GOLDEN / case
    meta = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    headers = {k.lower(): v for k, v in meta["headers"].items()}
    record = extract_record(
        (folder / "page.html").read_bytes(), meta["url"], headers.get("content-type")
    )
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def fingerprint() -> dict[str, str]:
    """case -> SHA-256 of its output."""
    return {case: hashlib.sha256(output(case)).hexdigest() for case in cases()}


def main() -> None:
    data = {"extractor_version": EXTRACTOR_VERSION, "cases": fingerprint()}
    STORED.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {STORED} for extractor {EXTRACTOR_VERSION} ({len(data['cases'])} pages)")


if __name__ == "__main__":
    main()
