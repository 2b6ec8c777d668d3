"""End to end: the real crawl command against the replica, compared with its ground truth."""

from __future__ import annotations

import json
import socket

import pytest

from heraldcrawl.record import ALL_FIELDS
from tests.conftest import crawl_replica, read_archive, run_crawl

pytestmark = pytest.mark.e2e

COMPARED = tuple(
    f
    for f in ALL_FIELDS
    if f
    not in (
        "id",
        "fetched_at",
        "fetched_url",
        "provenance",
        "warc",
        "extractor_version",
        "revised_by",
    )
)


@pytest.fixture(scope="module")
def first_crawl(running_replica, tmp_path_factory):
    archive = tmp_path_factory.mktemp("archive")
    done, stats = crawl_replica(running_replica.url, archive, stats_name="first")
    return done, archive, stats


def test_crawl_exits_zero(first_crawl):
    done, _, _ = first_crawl
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr


def test_archive_holds_every_replica_article_once(first_crawl, running_replica):
    _, archive, _ = first_crawl
    records = read_archive(archive)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "an article was archived twice"
    truth = running_replica.truth()
    assert set(ids) == set(truth), (
        f"missing {sorted(set(truth) - set(ids))[:5]}, extra {sorted(set(ids) - set(truth))[:5]}"
    )


@pytest.mark.parametrize("field", COMPARED)
def test_archived_field_matches_truth(first_crawl, running_replica, field):
    _, archive, _ = first_crawl
    truth = running_replica.truth()
    wrong = [
        (r["id"], truth[r["id"]][field], r[field])
        for r in read_archive(archive)
        if r["id"] in truth and r[field] != truth[r["id"]][field]
    ]
    assert not wrong, f"{len(wrong)} records differ in {field}; first: {wrong[0]}"


def test_partitions_follow_korea_time_publication_day(first_crawl):
    _, archive, _ = first_crawl
    for path in archive.rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert path.stem == record["published"][:10]
            assert path.parts[-4] == record["site"]
            assert "\\u" not in line, "Korean must be written as UTF-8, not escaped"


def test_fetched_at_is_utc(first_crawl):
    _, archive, _ = first_crawl
    for record in read_archive(archive)[:50]:
        assert record["fetched_at"].endswith("Z")


def test_second_latest_run_fetches_no_article(first_crawl, running_replica):
    _, archive, _ = first_crawl
    done, stats = crawl_replica(running_replica.url, archive, stats_name="second")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not [k for k in stats if k.startswith("herald/layout/")], "article pages were fetched"
    assert stats.get("herald/archive/written", 0) == 0


def test_urls_mode_maps_aliases_and_redirects_to_one_record(running_replica, tmp_path):
    truth = running_replica.truth()
    legacy = next(r for r in truth.values() if r["layout"] == "kh-legacy")
    ud = legacy["id"].rsplit(":", 1)[1]
    migrated = next(
        r for r in truth.values() if r["layout"] == "kh-current" and r["published"] < "2025-03-01"
    )
    urls = [
        f"http://m.koreaherald.com/view.php?ud={ud}&np=2",
        f"https://news.koreaherald.com/view.php?ud={ud}&mp=1",
        migrated["url"].replace("www.", "m."),
    ]
    done = run_crawl(
        "-a",
        "urls=" + ",".join(urls),
        "-s",
        f"HERALD_BASE_URL={running_replica.url}",
        "-s",
        f"HERALD_ARCHIVE_DIR={tmp_path}",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    ids = sorted(r["id"] for r in read_archive(tmp_path))
    assert ids == sorted([legacy["id"], migrated["id"]])


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_site_gives_one_line_and_non_zero_exit(tmp_path):
    port = _closed_port()  # nothing listens there once the socket is closed
    done = run_crawl(
        "-s",
        f"HERALD_BASE_URL=http://127.0.0.1:{port}",
        "-s",
        f"HERALD_ARCHIVE_DIR={tmp_path}",
        "-s",
        "RETRY_TIMES=0",
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("heraldcrawl: could not reach ")
    assert "www.koreaherald.com" in last


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["-a", "mode=sideways"], "mode"),
        (["-a", "site=nytimes"], "site"),
        (["-a", "limit=-3"], "limit"),
        (["-a", "urls_file=/no/such/file"], "urls_file"),
        (["-a", "urls=https://www.example.com/x"], "not an article URL"),
        (["-s", "HERALD_BASE_URL=localhost:99/x"], "HERALD_BASE_URL"),
    ],
)
def test_bad_arguments_fail_fast_with_a_message(args, named, tmp_path):
    done = run_crawl(*args, "-s", f"HERALD_ARCHIVE_DIR={tmp_path}", timeout=60)
    assert done.returncode == 2
    assert named in done.stderr
    assert not any(tmp_path.iterdir())
