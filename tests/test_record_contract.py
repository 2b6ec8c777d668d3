"""The record contract: schema, item, record module and document agree, and records validate."""

from __future__ import annotations

import re

import jsonschema
import pytest

from heraldcrawl.items import ArticleItem
from heraldcrawl.record import ALL_FIELDS, REQUIRED_FIELDS, content_hash, iso_kst, schema
from tests.conftest import FIXED_FETCH, ROOT

DOC = (ROOT / "docs" / "archive-format.md").read_text(encoding="utf-8")


def doc_table() -> dict[str, str]:
    """field -> required column of the documented table."""
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| (yes|no) \|", DOC, flags=re.M)
    return dict(rows)


def test_schema_item_and_record_module_name_the_same_fields():
    props = set(schema()["properties"])
    assert props == set(ALL_FIELDS)
    assert set(ArticleItem.fields) == set(ALL_FIELDS)
    assert set(schema()["required"]) == set(REQUIRED_FIELDS)


def test_document_lists_every_field_with_its_required_flag():
    table = doc_table()
    assert set(table) == set(ALL_FIELDS)
    assert {k for k, v in table.items() if v == "yes"} == set(REQUIRED_FIELDS)


def test_every_replica_truth_record_validates(replica):
    validator = jsonschema.Draft202012Validator(schema())
    for skeleton in replica.skeletons[:500]:
        record = replica.article(skeleton.index).record(FIXED_FETCH)
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{record['id']}: {errors[0].message}"


def test_schema_rejects_naive_and_foreign_offsets(replica):
    record = replica.article(0).record(FIXED_FETCH)
    validator = jsonschema.Draft202012Validator(schema())
    for bad in ("2019-08-21T16:13:00", "2019-08-21T07:13:00+00:00"):
        assert list(validator.iter_errors({**record, "published": bad})), bad


def test_iso_kst_refuses_naive_datetimes():
    from datetime import datetime

    with pytest.raises(ValueError, match="naive"):
        iso_kst(datetime(2019, 8, 21, 16, 13))


def test_content_hash_ignores_whitespace_only_changes():
    assert content_hash("T", "a  b\n\nc") == content_hash("T ", "a b c")
    assert content_hash("T", "a b") != content_hash("T", "a c")
