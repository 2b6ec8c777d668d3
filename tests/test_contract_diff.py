"""One contract: the hand-written validator and the JSON Schema give every record one verdict.

The good record is written from the examples of docs/archive-format.md, not by the replica, and
hypothesis builds good and bad records from it field by field.
"""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from heraldcrawl.archive.contract import problems
from heraldcrawl.record import ALL_FIELDS, OPTIONAL_FIELDS, REQUIRED_FIELDS, schema

VALIDATOR = jsonschema.Draft202012Validator(schema())

# The examples of the field table of docs/archive-format.md.
DOC_RECORD = {
    "id": "koreaherald:ud:20190821000123",
    "url": "https://www.koreaherald.com/view.php?ud=20190821000123",
    "site": "koreaherald",
    "lang": "en",
    "layout": "kh-legacy",
    "title": "[Kim Seong-kon] Why we read",
    "subtitle": "Exporters eye new markets",
    "section": "Politics",
    "authors": [{"name": "Choi He-suk", "email": "cheesuk@heraldcorp.com"}],
    "agency": "Yonhap",
    "byline_raw": "By Choi He-suk",
    "dateline_raw": "Published : Aug. 21, 2019 - 16:13 Updated : Aug. 21, 2019 - 17:02",
    "published": "2019-08-21T16:13:00+09:00",
    "updated": "2019-08-21T17:02:00+09:00",
    "body": "North Korea fired ...",
    "images": [{"url": "https://res.heraldm.com/a.jpg", "caption": "...", "credit": "Yonhap"}],
    "content_hash": "sha256:" + "3f2a" * 16,
    "fetched_at": "2026-11-28T05:21:29Z",
    "revision": 1,
    "fetched_url": "http://m.koreaherald.com/view.php?ud=20190821000123&np=2",
    "wire_dateline": "SEOUL, Aug. 21 (Yonhap) --",
    "word_count": 412,
    "provenance": {"title": "layout", "published": "jsonld"},
}


def schema_ok(record: dict) -> bool:
    return not any(True for _ in VALIDATOR.iter_errors(record))


def validator_ok(record: dict) -> bool:
    return not problems(record)


# -- values: valid ones per field, and near misses -------------------------------------------

digits = st.text("0123456789", min_size=1, max_size=20)
two = st.integers(0, 99).map(lambda n: f"{n:02d}")
kst = st.builds(
    lambda y, mo, d, h, mi, s: f"{y:04d}-{mo}-{d}T{h}:{mi}:{s}+09:00",
    st.integers(1990, 2030),
    two,
    two,
    two,
    two,
    two,
)
text = st.text(max_size=12)
nullable_text = st.none() | text
author = st.fixed_dictionaries({"name": st.text(min_size=1, max_size=8), "email": nullable_text})
image = st.fixed_dictionaries({"url": text, "caption": nullable_text, "credit": nullable_text})

GOOD: dict[str, st.SearchStrategy] = {
    "id": st.builds(
        lambda s, k, n: f"{s}:{k}:{n}",
        st.sampled_from(["koreaherald", "heraldbiz"]),
        st.sampled_from(["ud", "article"]),
        digits,
    ),
    "url": text.map(lambda t: "https://" + t),
    "site": st.sampled_from(["koreaherald", "heraldbiz"]),
    "lang": st.sampled_from(["en", "ko"]),
    "layout": st.text(min_size=1, max_size=10).filter(str.strip),
    "title": st.text(min_size=1, max_size=10).filter(str.strip),
    "subtitle": nullable_text,
    "section": nullable_text,
    "authors": st.lists(author, max_size=3),
    "agency": nullable_text,
    "byline_raw": nullable_text,
    "dateline_raw": nullable_text,
    "published": st.none() | kst,
    "updated": st.none() | kst,
    "body": text,
    "images": st.lists(image, max_size=3),
    "content_hash": st.text("0123456789abcdef", min_size=64, max_size=64).map(
        lambda h: "sha256:" + h
    ),
    "fetched_at": st.builds(
        lambda base, frac, zone: base + frac + zone,
        st.just("2026-11-28T05:21:29"),
        st.sampled_from(["", ".5", ".123456", ".123456789"]),
        st.sampled_from(["Z", "+00:00"]),
    ),
    "revision": st.integers(1, 10**6),
    "fetched_url": nullable_text,
    "wire_dateline": nullable_text,
    "word_count": st.integers(0, 10**6),
    "provenance": st.dictionaries(text, text, max_size=3),
    "warc": st.none()
    | st.fixed_dictionaries(
        {
            "file": text.map(lambda t: "warc/" + t),
            "offset": st.integers(0, 10**9),
            "length": st.integers(1, 10**6),
            "record_id": st.uuids().map(lambda u: f"<urn:uuid:{u}>"),
        }
    ),
    "extractor_version": st.text(min_size=1, max_size=10),
    "revised_by": st.sampled_from(["crawl", "reparse"]),
}
assert set(GOOD) == set(ALL_FIELDS)

# Values either side of a rule: the disagreements found before this test were of this kind.
NEAR_MISSES = [
    None,
    "",
    " ",
    "\u3000",
    0,
    -1,
    2,
    True,
    False,
    1.5,
    "1",
    "412",
    [],
    {},
    [None],
    ["x"],
    [{}],
    [{"name": "Kim"}],  # an author without email
    [{"name": "", "email": None}],
    [{"name": "Kim", "email": None, "role": "x"}],
    [{"name": "Kim", "email": 3}],
    [{"url": "https://x/a.jpg"}],  # an image without caption and credit
    [{"url": "https://x/a.jpg", "caption": None}],
    [{"url": "https://x/a.jpg", "caption": None, "credit": None, "alt": ""}],
    [{"url": 1, "caption": None, "credit": None}],
    "koreaherald:ud:",
    "koreaherald:ud:12a",
    "koreaherald:ud:\u0661\u0662",  # Arabic-Indic digits: `\d` in Python, not in the contract
    "koreaherald:ud:" + "1" * 21,
    "heraldbiz:article:7",
    "http://www.koreaherald.com/",
    "https://",
    "koreaherald",
    "unknown",
    "en",
    "ja",
    "2019-08-21T16:13:00",
    "2019-08-21T16:13:00+00:00",
    "2019-08-21T16:13+09:00",
    "2019-08-21 16:13:00+09:00",
    "2019-08-21",
    "2019-08-21T07:13:00Z",
    "2019-08-21T07:13:00.1234567891Z",
    "sha256:" + "A" * 64,
    "sha256:" + "a" * 63,
    {"title": 1},
    {"title": None},
    {"title": "layout"},
]
anything = st.sampled_from(NEAR_MISSES) | st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=4,
)


@st.composite
def records(draw) -> dict:
    """A good record, often with some fields replaced, removed or added."""
    present = [k for k in OPTIONAL_FIELDS if draw(st.booleans())]
    record = {k: draw(GOOD[k]) for k in (*REQUIRED_FIELDS, *present)}
    for key in draw(st.lists(st.sampled_from(ALL_FIELDS), max_size=3, unique=True)):
        record[key] = draw(anything)
    if draw(st.integers(0, 9)) == 0:
        record.pop(draw(st.sampled_from(sorted(record))))
    if draw(st.integers(0, 9)) == 0:
        record[draw(st.sampled_from(["extra", "Title", "warc "]))] = draw(anything)
    return record


def _outside_python_jsonschema(record: dict) -> bool:
    """Records where Python's jsonschema departs from the schema's own rules, and the fast
    validator follows the rules (see the two tests below)."""
    for value in record.values():
        if isinstance(value, str) and value.endswith("\n"):
            return True
    return any(
        isinstance(record.get(k), float) and record[k].is_integer()
        for k in ("revision", "word_count")
    )


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
@example(DOC_RECORD)
@example({**DOC_RECORD, "authors": [{"name": "Choi He-suk"}]})
@example({**DOC_RECORD, "images": [{"url": "https://res.heraldm.com/a.jpg", "credit": None}]})
@example({**DOC_RECORD, "word_count": "412"})
def test_validator_and_schema_agree(record):
    if _outside_python_jsonschema(record):
        return
    assert validator_ok(record) == schema_ok(record), (problems(record), record)


def test_the_documented_example_is_valid_and_its_known_disagreements_are_refused():
    # Written from docs/archive-format.md: an author's email and an image's caption and
    # credit are "string or null", so the key is always there; word_count is an integer.
    assert validator_ok(DOC_RECORD) and schema_ok(DOC_RECORD)
    for bad in (
        {**DOC_RECORD, "authors": [{"name": "Choi He-suk"}]},
        {**DOC_RECORD, "images": [{"url": "https://res.heraldm.com/a.jpg", "credit": None}]},
        {**DOC_RECORD, "word_count": "412"},
        {**DOC_RECORD, "provenance": {"title": 1}},
        {**DOC_RECORD, "fetched_url": 5},
    ):
        assert not validator_ok(bad) and not schema_ok(bad), bad


def test_a_value_with_a_trailing_newline_is_refused():
    # ECMA-262's `$` (the schema's pattern dialect) ends at the end of the text; Python's `$`,
    # which the jsonschema package uses, also matches before a final newline.
    bad = {**DOC_RECORD, "id": DOC_RECORD["id"] + "\n"}
    assert not validator_ok(bad)


def test_a_whole_float_is_no_revision():
    # JSON Schema counts 1.0 as an integer; the archive's readers take revision as an int.
    assert not validator_ok({**DOC_RECORD, "revision": 1.0})
    assert not validator_ok({**DOC_RECORD, "word_count": 3.0})


def test_generated_records_cover_both_verdicts():
    """The strategy yields valid and invalid records alike (otherwise agreement is empty)."""
    seen = {True: 0, False: 0}

    # Derandomized: the share of valid records varies from run to run (about one in ten), and
    # this test is about the strategy, not about finding a case.
    @settings(max_examples=400, deadline=None, database=None, derandomize=True)
    @given(records())
    def tally(record):
        seen[validator_ok(record)] += 1

    tally()
    assert seen[True] >= 20 and seen[False] >= 20, seen
