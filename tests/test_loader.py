"""The item loader applies the shared byline and date rules, and is idempotent on records."""

from __future__ import annotations

from datetime import datetime

from heraldcrawl.loaders import ArticleLoader, load_record
from heraldcrawl.record import KST, REQUIRED_FIELDS
from tests.conftest import FIXED_FETCH


def test_replica_records_pass_through_unchanged(replica):
    for skeleton in replica.skeletons[:300]:
        record = replica.article(skeleton.index).record(FIXED_FETCH)
        assert dict(load_record(record)) == record


def test_raw_bylines_and_datelines_are_normalised():
    loader = ArticleLoader()
    loader.add_value("authors", "By Kim Arin and Peter Holm")
    loader.add_value("agency", "By Yonhap")
    loader.add_value(
        "published", "Published : Aug. 21, 2019 - 16:13 Updated : Aug. 21, 2019 - 17:02"
    )
    loader.add_value("updated", "Published : Aug. 21, 2019 - 16:13 Updated : Aug. 21, 2019 - 17:02")
    item = loader.load_item()
    assert item["authors"] == [
        {"name": "Kim Arin", "email": None},
        {"name": "Peter Holm", "email": None},
    ]
    assert item["agency"] == "Yonhap"
    assert item["published"] == "2019-08-21T16:13:00+09:00"
    assert item["updated"] == "2019-08-21T17:02:00+09:00"


def test_korean_byline_and_aware_datetimes():
    loader = ArticleLoader()
    loader.add_value("authors", "[헤럴드경제=고은결·신혜원 기자]")
    loader.add_value("published", datetime(2019, 8, 21, 7, 13, tzinfo=KST).astimezone())
    loader.add_value("updated", "2019년 8월 21일 오후 4시 13분")
    item = loader.load_item()
    assert [a["name"] for a in item["authors"]] == ["고은결", "신혜원"]
    assert item["published"] == "2019-08-21T07:13:00+09:00"
    assert item["updated"] == "2019-08-21T16:13:00+09:00"


def test_every_required_key_is_present_even_when_empty():
    item = ArticleLoader().load_item()
    assert set(REQUIRED_FIELDS) <= set(item)
    assert item["authors"] == [] and item["images"] == [] and item["subtitle"] is None
