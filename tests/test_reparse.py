"""`heraldcrawl reparse`: stored pages extracted again, changed records archived as revisions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from heraldcrawl.archive import file_sha256, partitions, problems
from heraldcrawl.archive import reparse as rp
from heraldcrawl.record import schema
from heraldcrawl.runner import run_lock
from tests.conftest import ROOT, crawl_replica, read_archive, replica_process, run_module

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("reparse")
    archive = tmp / "archive"
    with replica_process(300) as url:
        done, _ = crawl_replica(url, archive)
    assert done.returncode == 0, done.stderr[-3000:]
    return archive


@pytest.fixture
def archive(crawled, tmp_path) -> Path:
    copy = tmp_path / "archive"
    shutil.copytree(crawled, copy)
    return copy


def sums(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): file_sha256(p) for p in partitions(root)}


def latest(records: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in records:
        if r["id"] not in out or r["revision"] > out[r["id"]]["revision"]:
            out[r["id"]] = r
    return out


def test_a_reparse_right_after_a_crawl_changes_nothing(archive):
    before = sums(archive)
    done = run_module("heraldcrawl", "reparse", str(archive))
    assert done.returncode == 0, done.stderr[-2000:]
    assert " 0 revised, 300 unchanged" in done.stdout
    assert sums(archive) == before
    (manifest,) = (archive / "_manifests").glob("*-reparse.json")
    data = json.loads(manifest.read_text())
    assert data["kind"] == "reparse" and data["exit_status"] == 0
    assert data["counts"]["unchanged"] == 300 and data["counts"]["revised"] == 0
    assert data["partitions"] == []
    # Not a terminal: the progress bar is one line, with the rate and an ETA.
    assert "/s  ETA" in done.stderr


def _section_bang(real):
    def changed(*args):
        record = real(*args)
        record["section"] = (record["section"] or "") + " (reparsed)"
        return record

    return changed


def test_a_changed_extractor_makes_revisions_and_a_second_run_none(archive, monkeypatch):
    first = {r["id"]: r for r in read_archive(archive)}
    monkeypatch.setattr(rp, "extract_record", _section_bang(rp.extract_record))
    outcome = rp.reparse(archive, rp.Filters(site="heraldbiz"), workers=2)
    assert outcome.code == 0
    biz = {k for k, r in first.items() if r["site"] == "heraldbiz"}
    assert outcome.counts["revised"] == len(biz) > 0
    records = read_archive(archive)
    assert len(records) == len(first) + len(biz)
    validator = jsonschema.Draft202012Validator(schema())
    for aid, r in latest(records).items():
        old = first[aid]
        if aid not in biz:
            assert r == old
            continue
        assert not problems(r) and not list(validator.iter_errors(r))
        assert r["revision"] == old["revision"] + 1 and r["revised_by"] == "reparse"
        assert r["section"] == (old["section"] or "") + " (reparsed)"
        # Only the fetch knows these: kept from the stored record.
        for key in ("fetched_at", "fetched_url", "warc", "content_hash", "body", "title"):
            assert r[key] == old[key], key
    again = rp.reparse(archive, rp.Filters(site="heraldbiz"), workers=2)
    assert again.counts["revised"] == 0 and again.counts["same"] == len(biz)
    assert again.counts["older_revisions"] == len(biz)
    assert len(read_archive(archive)) == len(records)


@pytest.mark.parametrize("how", ["site", "layout", "ids", "days", "inline"])
def test_filters_choose_what_is_reparsed(archive, monkeypatch, tmp_path, how):
    records = read_archive(archive)
    monkeypatch.setattr(rp, "extract_record", _section_bang(rp.extract_record))
    layout = Counter(r["layout"] for r in records).most_common(1)[0][0]
    days = sorted(r["published"][:10] for r in records if r["published"])
    since, until = date.fromisoformat(days[len(days) // 4]), date.fromisoformat(days[-10])
    picked = [r["id"] for r in records[::7]]

    def ids(keep) -> set[str]:
        return {r["id"] for r in records if keep(r)}

    def in_days(r: dict) -> bool:
        return (
            bool(r["published"]) and since.isoformat() <= r["published"][:10] <= until.isoformat()
        )

    filters, expected, workers = {
        "site": (rp.Filters(site="koreaherald"), ids(lambda r: r["site"] == "koreaherald"), 2),
        "layout": (rp.Filters(layout=layout), ids(lambda r: r["layout"] == layout), 2),
        "ids": (rp.Filters(ids=frozenset(picked)), set(picked), 2),
        "days": (rp.Filters(since=since, until=until), ids(in_days), 2),
        "inline": (rp.Filters(site="heraldbiz"), ids(lambda r: r["site"] == "heraldbiz"), 0),
    }[how]
    outcome = rp.reparse(archive, filters, workers=workers)
    revised = {r["id"] for r in read_archive(archive) if r.get("revised_by") == "reparse"}
    assert revised == expected and outcome.counts["revised"] == len(expected)


def test_the_ids_file_and_bad_arguments_on_the_command_line(archive, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n", encoding="utf-8")
    ids = tmp_path / "ids.txt"
    ids.write_text("# one a line\nkoreaherald:ud:1\n\n", encoding="utf-8")
    done = run_module("heraldcrawl", "reparse", str(archive), "--ids-file", str(ids))
    assert done.returncode == 0 and "0 reparsed" in done.stdout
    for bad in (
        ["--since", "2026-02-01", "--until", "2026-01-01"],
        ["--since", "yesterday"],
        ["--site", "nytimes"],
        ["--ids-file", str(tmp_path / "missing.txt")],
        ["--ids-file", str(empty)],
        ["--layout", "nonsense"],
        ["--workers", "-1"],
    ):
        done = run_module("heraldcrawl", "reparse", str(archive), *bad)
        assert done.returncode == 2, (bad, done.stderr)
    done = run_module("heraldcrawl", "reparse", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "no archive folder" in done.stderr
    assert "-s HERALD_ARCHIVE_DIR" not in done.stderr  # reparse takes no -s


def test_pages_the_extractor_no_longer_reads_exit_6(archive, monkeypatch):
    from heraldcrawl.extract import NotAnArticle

    def refuse(*args, **kwargs):
        raise NotAnArticle("no article text found")

    monkeypatch.setattr(rp, "extract_record", refuse)
    outcome = rp.reparse(archive, rp.Filters(), workers=0)
    assert outcome.counts["not_article"] > 0
    assert outcome.code == 6


def test_it_takes_the_run_lock(archive):
    with run_lock(archive):
        done = run_module("heraldcrawl", "reparse", str(archive))
    assert done.returncode == 5 and "another run holds the lock" in done.stderr


def test_records_archived_without_capture_are_counted_not_reparsable(tmp_path):
    archive = tmp_path / "archive"
    with replica_process(30) as url:
        done, _ = crawl_replica(url, archive, "-s", "HERALD_WARC=False")
    assert done.returncode == 0, done.stderr[-2000:]
    n = len(read_archive(archive))
    done = run_module("heraldcrawl", "reparse", str(archive))
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{n} not reparsable (no WARC record)" in done.stdout


def test_a_missing_warc_file_is_reported_and_exits_6(archive):
    (victim,) = sorted((archive / "warc" / "heraldbiz").iterdir())[:1]
    victim.unlink()
    done = run_module("heraldcrawl", "reparse", str(archive))
    assert done.returncode == 6, done.stderr[-2000:]
    (manifest,) = (archive / "_manifests").glob("*-reparse.json")
    data = json.loads(manifest.read_text())
    assert data["counts"]["warc_unreadable"] > 0
    assert data["failed"][0]["reason"] == "warc_unreadable"


# A reparse whose extractor changes every record and takes a few ms a page, so it can be
# killed half-way.
SLOW_CHANGED = """
import sys, time
import heraldcrawl.archive.reparse as rp
real = rp.extract_record
def changed(*args):
    time.sleep(0.01)
    record = real(*args)
    record["section"] = "changed"
    return record
rp.extract_record = changed
rp.CHUNK_LINES = 4
from heraldcrawl.cli import main
sys.exit(main(["reparse", sys.argv[1], "--workers", "2"]))
"""


def test_killed_and_run_again_nothing_is_lost_or_doubled(archive):
    first = {r["id"]: r for r in read_archive(archive)}
    size = sum(p.stat().st_size for p in partitions(archive))
    cmd = [sys.executable, "-c", SLOW_CHANGED, str(archive)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(p.stat().st_size for p in partitions(archive)) > size:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the reparse ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    part = Counter(r["id"] for r in read_archive_whole(archive) if r["revision"] == 2)
    assert 0 < len(part) < len(first)
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    records = read_archive(archive)
    revisions = Counter((r["id"], r["revision"]) for r in records)
    assert set(revisions.values()) == {1}, "no revision written twice"
    final = latest(records)
    assert set(final) == set(first)
    assert all(r["revision"] == 2 and r["section"] == "changed" for r in final.values())
    verified = run_module("heraldcrawl", "archive", "verify", str(archive))
    assert verified.returncode == 0, verified.stdout


def read_archive_whole(root: Path) -> list[dict]:
    """Whole lines only: a killed writer may leave a torn last line for the repair step."""
    import orjson

    return [
        orjson.loads(line)
        for p in partitions(root)
        for line in p.open("rb")
        if line.endswith(b"\n")
    ]


def test_a_signal_stops_it_cleanly_and_a_second_run_finishes(archive):
    cmd = [sys.executable, "-c", SLOW_CHANGED, str(archive)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    size = sum(p.stat().st_size for p in partitions(archive))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(p.stat().st_size for p in partitions(archive)) > size:
            break  # its first batch is written: most of the 300 pages are still to do
        time.sleep(0.02)
    assert proc.poll() is None, "the reparse ended before the signal"
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 143, out
    (manifest,) = (archive / "_manifests").glob("*-reparse.json")
    data = json.loads(manifest.read_text())
    assert data["interrupted"] is True and data["exit_status"] == 143
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    final = latest(read_archive(archive))
    assert all(r["revision"] == 2 and r["section"] == "changed" for r in final.values())
