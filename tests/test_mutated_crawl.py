"""A crawl of a redesigned replica (`--mutate`): every article still archived with the right title,
published time and people, and the drift alarm says the pages match no known design.

The truth is the replica's own: this checks that extraction finds fields by what they say when
no class or id it knows is left, not the real sites' markup.
"""

from __future__ import annotations

import json

import pytest

from heraldcrawl.outcome import EXIT_DRIFT
from tests.conftest import crawl_replica, read_archive, replica_process

pytestmark = pytest.mark.e2e

ARTICLES = 150
BACKFILL = ("-a", "mode=backfill", "-a", "since=2000-01-01")


@pytest.fixture(scope="module")
def mutated_crawl(tmp_path_factory):
    work = tmp_path_factory.mktemp("mutated")
    truth_path = work / "truth.jsonl"
    with replica_process(ARTICLES, truth_path, "--mutate", "5") as url:
        done, stats = crawl_replica(url, work / "archive", *BACKFILL)
    truth = {}
    for line in truth_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        truth[record["id"]] = record
    return done, stats, truth, read_archive(work / "archive")


def test_replica_mutated_crawl_archives_every_article(mutated_crawl):
    done, _, truth, archived = mutated_crawl
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    ids = [r["id"] for r in archived]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(truth), (
        f"missing {sorted(set(truth) - set(ids))[:5]}; stderr: {done.stderr[-1500:]}"
    )


@pytest.mark.parametrize("field", ["title", "published", "body", "subtitle"])
def test_replica_mutated_crawl_gets_the_field_right(mutated_crawl, field):
    _, _, truth, archived = mutated_crawl
    wrong = [(r["id"], truth[r["id"]][field], r[field]) for r in archived if r["id"] in truth]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert not wrong, f"{len(wrong)} of {len(archived)} differ in {field}; first: {wrong[:3]}"


def test_replica_mutated_crawl_gets_the_people_right(mutated_crawl):
    _, _, truth, archived = mutated_crawl

    def people(record: dict) -> tuple:
        return sorted(a["name"] for a in record["authors"]), record["agency"]

    wrong = [
        (r["id"], people(truth[r["id"]]), people(r))
        for r in archived
        if r["id"] in truth and people(r) != people(truth[r["id"]])
    ]
    assert not wrong, f"{len(wrong)} of {len(archived)} differ in people; first: {wrong[:3]}"


def test_replica_mutated_crawl_sets_off_the_drift_alarm(mutated_crawl):
    done, stats, _, _ = mutated_crawl
    assert done.returncode == EXIT_DRIFT, done.stderr[-2000:]
    assert stats["herald/drift/alarms"] >= 1
    assert "drift alarm" in done.stderr
