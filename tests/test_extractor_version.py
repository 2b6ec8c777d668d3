"""`extractor_version` is raised whenever the extractor's output changes for some page."""

from __future__ import annotations

import json

from heraldcrawl.extract.version import EXTRACTOR_VERSION
from tests.extractor_fingerprint import STORED, fingerprint

HOW = (
    "raise EXTRACTOR_VERSION in heraldcrawl/extract/version.py (YEAR.MONTH.N), then run "
    "`python -m tests.extractor_fingerprint` and commit tests/golden/extractor_fingerprint.json"
)


def test_output_of_the_golden_pages_changes_only_with_the_version():
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    now = fingerprint()
    changed = sorted(c for c in now if stored["cases"].get(c) != now[c])
    gone = sorted(set(stored["cases"]) - set(now))
    if stored["extractor_version"] == EXTRACTOR_VERSION:
        assert not changed and not gone, (
            f"the extractor's output changed for {changed + gone} while extractor_version "
            f"stayed {EXTRACTOR_VERSION}: {HOW}"
        )
    else:
        raise AssertionError(
            f"extractor_version is {EXTRACTOR_VERSION} but the fingerprint was made with "
            f"{stored['extractor_version']}: run `python -m tests.extractor_fingerprint`"
        )


def test_the_version_has_the_documented_form():
    year, month, n = EXTRACTOR_VERSION.split(".")
    assert len(year) == 4 and 1 <= int(month) <= 12 and int(n) >= 1


def test_a_changed_output_is_caught_by_the_fingerprint(monkeypatch):
    import tests.extractor_fingerprint as fp

    real = fp.extract_record

    def changed(*args):
        record = real(*args)
        record["section"] = (record["section"] or "") + "!"
        return record

    stored = json.loads(STORED.read_text(encoding="utf-8"))["cases"]
    monkeypatch.setattr(fp, "extract_record", changed)
    assert all(stored[c] != h for c, h in fingerprint().items())
