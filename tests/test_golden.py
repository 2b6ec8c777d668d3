"""Golden pages: one stored page per layout version and tricky case, one test per field.

Regenerate with `python -m tests.golden.regenerate` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heraldcrawl.extract import extract_article

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())
FIELDS = sorted(json.loads((GOLDEN / CASES[0] / "expected.json").read_text(encoding="utf-8")))


def load(case: str) -> tuple[dict, dict]:
    folder = GOLDEN / case
    meta = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    record = extract_article((folder / "page.html").read_bytes(), meta["url"], meta["headers"])
    return expected, record


_cache: dict[str, tuple[dict, dict]] = {}


def cached(case: str) -> tuple[dict, dict]:
    if case not in _cache:
        _cache[case] = load(case)
    return _cache[case]


def test_every_layout_version_has_a_golden_page():
    from heraldcrawl.extract import LAYOUTS

    layouts = {json.loads((GOLDEN / c / "expected.json").read_text())["layout"] for c in CASES}
    assert {cls.name for cls in LAYOUTS} <= layouts
    assert len(CASES) >= 20


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("case", CASES)
def test_golden_field(case, field):
    expected, record = cached(case)
    assert record.get(field) == expected[field], f"{case}: {field} changed"


@pytest.mark.parametrize("case", CASES)
def test_golden_core_fields_come_from_the_layout(case):
    _, record = cached(case)
    for field in ("title", "body", "published"):
        assert record["provenance"][field] == "layout", f"{case}: {field} fell back"
