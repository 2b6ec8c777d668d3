"""Spider modes end to end against the replica: latest, backfill, sections, politeness."""

from __future__ import annotations

import json
import urllib.request

import orjson
import pytest

from heraldcrawl.pipelines import partition_path
from heraldcrawl.spiders.herald import ArgumentError, parse_args
from tests.conftest import crawl_replica, read_archive, replica_process

pytestmark = pytest.mark.e2e


def crawl(replica, archive, *args):
    done, stats = crawl_replica(replica.url, archive, *args)
    assert done.returncode == 0, done.stderr[-3000:]
    return stats


def test_latest_fetches_only_what_is_new(running_replica, tmp_path):
    truth = sorted(running_replica.truth().values(), key=lambda r: r["published"])
    old, new = truth[:-25], truth[-25:]
    archive = tmp_path / "archive"
    for record in old:  # an archive that already holds everything but the newest 25
        path = partition_path(archive, record)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as fh:
            fh.write(orjson.dumps(record) + b"\n")
    stats = crawl(running_replica, archive)
    ids = [r["id"] for r in read_archive(archive)]
    assert sorted(ids) == sorted(r["id"] for r in truth)
    fetched = sum(v for k, v in stats.items() if k.startswith("herald/layout/"))
    assert fetched == len(new), "articles already archived were fetched again"


def test_backfill_returns_exactly_the_window(running_replica, tmp_path):
    truth = running_replica.truth().values()
    want = {r["id"] for r in truth if "2019-08-01" <= r["published"][:10] <= "2019-09-30"}
    assert want, "the replica has articles in the window"
    stats = crawl(
        running_replica,
        tmp_path / "a",
        "-a",
        "mode=backfill",
        "-a",
        "since=2019-08-01",
        "-a",
        "until=2019-09-30",
    )
    got = {r["id"] for r in read_archive(tmp_path / "a")}
    assert got == want
    assert stats["herald/lists/stopped_past_window"] >= 1
    assert stats["herald/backfill/reached"] <= "2019-08-01"


def test_backfill_seeks_an_old_window_in_legacy_lists(running_replica, tmp_path):
    truth = running_replica.truth().values()
    want = {r["id"] for r in truth if "2013-01-01" <= r["published"][:10] <= "2013-06-30"}
    assert want
    window = ("-a", "mode=backfill", "-a", "since=2013-01-01", "-a", "until=2013-06-30")
    seek = crawl(running_replica, tmp_path / "seek", *window)
    walk = crawl(running_replica, tmp_path / "walk", *window, "-s", "HERALD_LIST_SEEK=False")
    assert {r["id"] for r in read_archive(tmp_path / "seek")} == want
    assert {r["id"] for r in read_archive(tmp_path / "walk")} == want
    assert seek["herald/lists/seek_started"] >= 1
    assert seek["herald/lists/seek_skipped_pages"] >= 1
    assert "herald/lists/seek_started" not in walk
    assert seek["herald/lists/fetched"] < walk["herald/lists/fetched"]
    assert seek["herald/backfill/reached"] <= "2013-01-01"


def test_backfill_of_some_sections_and_one_site(running_replica, tmp_path):
    truth = running_replica.truth().values()
    want = {
        r["id"]
        for r in truth
        if r["site"] == "koreaherald"
        and "2016" <= r["published"][:4] <= "2019"
        and r["section"] in ("Politics", "Social Affairs", "North Korea")
    }
    crawl(
        running_replica,
        tmp_path / "a",
        "-a",
        "mode=backfill",
        "-a",
        "since=2016-01-01",
        "-a",
        "until=2019-12-31",
        "-a",
        "sections=National",
        "-a",
        "site=koreaherald",
    )
    got = {r["id"] for r in read_archive(tmp_path / "a")}
    assert got == want


def test_limit_stops_after_n_articles(running_replica, tmp_path):
    crawl(running_replica, tmp_path / "a", "-a", "limit=7")
    assert len(read_archive(tmp_path / "a")) == 7


def test_retry_after_is_honoured(tmp_path):
    with replica_process(120, None, "--rate-limit", "25:2") as url:
        done, stats = crawl_replica(url, tmp_path / "a", "-a", "site=heraldbiz")
        with urllib.request.urlopen(f"{url}/_replica/stats", timeout=10) as resp:
            server = json.load(resp)
    assert done.returncode == 0, done.stderr[-2000:]
    limiter = server["limiter"]["heraldbiz"]
    assert limiter["refused"] >= 1
    assert limiter["early"] == 0, "the crawler came back before Retry-After had passed"
    assert stats["herald/backoff/biz.heraldcorp.com"] == limiter["refused"]
    hb_articles = sum(1 for r in read_archive(tmp_path / "a"))
    assert hb_articles == stats["item_scraped_count"] > 0


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"mode": "backfill"}, "since"),
        ({"mode": "backfill", "since": "2019-13-01"}, "since"),
        ({"mode": "backfill", "since": "2019-08-31", "until": "2019-08-01"}, "until"),
        ({"mode": "backfill", "since": "2019-08-01", "sections": "Gardening"}, "Gardening"),
        ({"mode": "latest", "since": "2019-08-01"}, "backfill"),
        ({"mode": "urls"}, "urls"),
    ],
)
def test_argument_errors_name_the_argument(kwargs, named):
    with pytest.raises(ArgumentError, match=named):
        parse_args(**kwargs)


def test_sections_accept_korean_and_alias_names():
    args = parse_args(mode="backfill", since="2019-08-01", sections="경제,Life&Style")
    assert [s.name for s in args.sections] == ["economy", "LifenCulture"]
