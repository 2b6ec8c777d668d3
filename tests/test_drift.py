"""Drift alarms: fields falling back from a layout's own markup are reported by layout and field."""

from __future__ import annotations

import json

import pytest

from heraldcrawl.drift import coverage, drift_alarms
from heraldcrawl.outcome import EXIT_DRIFT, judge
from tests.conftest import crawl_replica, read_archive, replica_process


def stats_for(layout: str, pages: int, own: dict[str, int]) -> dict:
    stats = {f"herald/layout/{layout}": pages}
    for field in ("title", "body", "published"):
        stats[f"herald/source/{layout}/{field}/layout"] = own.get(field, pages)
    return stats


def test_healthy_layout_raises_no_alarm():
    assert drift_alarms(stats_for("kh-legacy", 100, {})) == []


def test_a_field_below_threshold_is_named():
    alarms = drift_alarms(stats_for("kh-legacy", 100, {"published": 42}))
    assert [(a.layout, a.field, a.share) for a in alarms] == [("kh-legacy", "published", 0.42)]
    assert "kh-legacy" in alarms[0].message(0.9) and "published" in alarms[0].message(0.9)


def test_small_layouts_are_not_judged():
    assert drift_alarms(stats_for("kh-current", 5, {"title": 0}), min_pages=20) == []


def test_many_pages_of_no_known_design_raise_an_alarm():
    stats = {**stats_for("kh-legacy", 50, {}), "herald/layout/unknown": 30}
    alarms = drift_alarms(stats)
    assert [(a.layout, a.field) for a in alarms] == [("unknown", "layout")]


def test_coverage_table():
    table = coverage(stats_for("hb-legacy", 10, {"body": 5}))
    assert table == {"hb-legacy": {"pages": 10, "title": 1.0, "body": 0.5, "published": 1.0}}


def test_judge_turns_alarms_into_exit_status():
    outcome = judge({"herald/drift/alarms": 1, "herald/drift/kh-legacy/published": 0.1})
    assert outcome.code == EXIT_DRIFT
    assert "kh-legacy/published" in outcome.message


@pytest.mark.e2e
def test_a_redesigned_replica_sets_off_the_alarm(tmp_path):
    # The even spread over 2012-2026 (an explicit --start): enough legacy pages to be judged
    # (HERALD_DRIFT_MIN_PAGES) in a small replica; at real density 600 articles hold 18.
    even = ("--start", "2012-01-02")
    drift = ("--drift", "kh-legacy-dateline")
    with replica_process(600, tmp_path / "truth.jsonl", *even, *drift) as url:
        done, stats = crawl_replica(url, tmp_path / "a")
    assert done.returncode == EXIT_DRIFT, done.stderr[-2000:]
    assert "drift alarm: layout kh-legacy, field published" in done.stderr
    assert stats["herald/drift/alarms"] == 1
    assert stats["herald/fallback/kh-legacy/published"] > 0
    # The fallback (the tracking variable) still gave the right times: degraded, not wrong.
    truth = {}
    for line in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        truth[record["id"]] = record
    archived = read_archive(tmp_path / "a")
    assert archived and all(r["published"] == truth[r["id"]]["published"] for r in archived)
