"""WARC capture: files warcio reads whole, pointers that resolve, durability across a kill."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from warcio.archiveiterator import ArchiveIterator

from heraldcrawl.archive import partitions
from heraldcrawl.archive.warc import WarcFiles, read_record, warc_name
from heraldcrawl.pipelines import problems
from heraldcrawl.urls import article_id, canonical_url
from tests.conftest import ROOT, crawl_replica, read_archive, replica_process

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("warc")
    archive = tmp / "archive"
    with replica_process(300, tmp / "truth.jsonl") as url:
        done, stats = crawl_replica(url, archive)
    assert done.returncode == 0, done.stderr[-3000:]
    return archive, stats


def warc_files(archive: Path) -> list[Path]:
    return sorted((archive / "warc").rglob("*.warc.gz"))


def every_record(path: Path) -> list:
    with path.open("rb") as fh:
        return [
            (
                rec.rec_type,
                dict(rec.rec_headers.headers),
                rec.http_headers,
                rec.content_stream().read(),
            )
            for rec in ArchiveIterator(fh)
        ]


def test_files_are_named_by_site_and_time_and_read_whole_by_warcio(crawled):
    archive, stats = crawled
    files = warc_files(archive)
    assert {p.parent.name for p in files} == {"koreaherald", "heraldbiz"}
    for path in files:
        site = path.parent.name
        assert path.name.startswith(f"heraldcrawl-{site}-") and path.name.endswith("-00000.warc.gz")
        records = every_record(path)
        assert records[0][0] == "warcinfo"
        assert all(h["WARC-Type"] in ("warcinfo", "response", "request") for _, h, _, _ in records)
        responses = {h["WARC-Record-ID"] for t, h, _, _ in records if t == "response"}
        requests = [h for t, h, _, _ in records if t == "request"]
        # Every request names its response, in the same file.
        assert {h["WARC-Concurrent-To"] for h in requests} == responses
    assert stats["herald/warc/records"] == sum(
        sum(1 for t, *_ in every_record(p) if t != "warcinfo") for p in files
    )


def test_every_pointer_resolves_to_the_page_of_its_record(crawled):
    archive, _ = crawled
    records = read_archive(archive)
    assert records and all(not problems(r) for r in records)
    targets = {
        h["WARC-Target-URI"]
        for p in warc_files(archive)
        for t, h, _, _ in every_record(p)
        if t == "response"
    }
    redirected = 0
    for r in records:
        w = r["warc"]
        with (archive / w["file"]).open("rb") as fh:
            fh.seek(w["offset"])
            one = ArchiveIterator(io.BytesIO(fh.read(w["length"])))
            rec = next(one)
            head = rec.content_stream().read(4096)
        assert rec.rec_type == "response"
        assert rec.rec_headers.get_header("WARC-Record-ID") == w["record_id"]
        target = rec.rec_headers.get_header("WARC-Target-URI")
        # `fetched_url` is the address as found; the crawl asks for its canonical form, which
        # may redirect (a legacy `ud` to `/article/N`): the pointer names the page parsed.
        asked = canonical_url(r["fetched_url"])
        assert asked in targets, "the first request of the chain is captured"
        if target != asked:
            redirected += 1
            assert article_id(target) == r["id"]
        else:
            assert target == r["url"] or canonical_url(target) == r["url"]
        if r["fetched_url"] == asked:
            assert target == r["fetched_url"] or article_id(target) == r["id"]
        assert b"<html" in head.lower()
        assert next(one, None) is None, "the pointer's length is one whole record"
    assert redirected < len(records)


def test_digests_are_right_by_warcio_s_checker(crawled):
    archive, _ = crawled
    checked = 0
    for path in warc_files(archive):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                rec.raw_stream.read()  # the digests are checked as the block is read
                assert rec.digest_checker.passed is not False, rec.digest_checker.problems
                checked += rec.rec_type == "response"
    assert checked


def test_requests_ask_for_gzip_and_deflate_only(crawled):
    archive, _ = crawled
    path = warc_files(archive)[0]
    asked = {h.get_header("Accept-Encoding") for t, _, h, _ in every_record(path) if t == "request"}
    assert asked == {"gzip, deflate"}


def test_redirect_hops_are_captured_with_their_location(crawled):
    archive, _ = crawled
    hops = [
        h
        for p in warc_files(archive)
        for t, _, h, _ in every_record(p)
        if t == "response" and h.get_statuscode() in ("301", "302", "303", "307", "308")
    ]
    assert hops and all(h.get_header("Location") for h in hops)


def test_a_gzip_answer_is_stored_as_received_and_read_back_decoded(tmp_path):
    page = "<html><body>기사 본문 text</body></html>".encode() * 50
    files = WarcFiles(tmp_path)
    pointer = files.capture(
        "https://www.koreaherald.com/view.php?ud=20190821000123",
        200,
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        gzip.compress(page),
        "GET /view.php?ud=20190821000123 HTTP/1.1",
        [("Host", "www.koreaherald.com")],
    )
    files.close()
    url, headers, body = read_record(tmp_path, pointer)
    assert url == "https://www.koreaherald.com/view.php?ud=20190821000123"
    assert headers["content-encoding"] == "gzip"
    assert headers["content-length"] == str(len(gzip.compress(page)))
    assert body == page
    assert pointer["file"].startswith("warc/koreaherald/heraldcrawl-koreaherald-")


def test_files_rotate_by_size_and_keep_their_serials(tmp_path):
    files = WarcFiles(tmp_path, max_bytes=20_000)
    page = os.urandom(6000)  # incompressible: each capture is about 6 KB
    pointers = [
        files.capture(
            f"https://biz.heraldcorp.com/article/{10000000 + i}",
            200,
            [("Content-Type", "text/html")],
            page,
            f"GET /article/{10000000 + i} HTTP/1.1",
            [],
        )
        for i in range(12)
    ]
    files.close()
    names = sorted({p["file"] for p in pointers})
    assert len(names) >= 4
    assert [n.rsplit("-", 1)[1] for n in names] == [f"{i:05d}.warc.gz" for i in range(len(names))]
    for path in (tmp_path / "warc" / "heraldbiz").iterdir():
        assert path.stat().st_size <= 20_000 or len(every_record(path)) <= 3
    for i, p in enumerate(pointers):
        assert read_record(tmp_path, p)[2] == page, i
    # A new run goes on with the next serial, in a new file.
    again = WarcFiles(tmp_path)
    p = again.capture("https://biz.heraldcorp.com/article/1", 200, [], b"x", "GET / HTTP/1.1", [])
    again.close()
    assert p["file"].endswith(f"-{len(names):05d}.warc.gz")


def test_a_torn_last_record_leaves_every_whole_record_readable(tmp_path):
    files = WarcFiles(tmp_path)
    for i in range(5):
        files.capture(
            f"https://www.koreaherald.com/article/{10000 + i}",
            200,
            [],
            os.urandom(3000),
            "GET / HTTP/1.1",
            [],
        )
    files.close()
    (path,) = (tmp_path / "warc" / "koreaherald").iterdir()
    before = [(t, h["WARC-Record-ID"], body) for t, h, _, body in every_record(path)]
    with path.open("r+b") as fh:  # a power cut in the middle of the last request record
        fh.truncate(path.stat().st_size - 100)
    after = []
    with contextlib.suppress(Exception), path.open("rb") as fh:  # warcio may raise at the cut
        for rec in ArchiveIterator(fh):
            body = rec.content_stream().read()
            after.append((rec.rec_type, rec.rec_headers.get_header("WARC-Record-ID"), body))
    assert after[: len(before) - 1] == before[:-1], "every whole record reads as written"


def test_warc_name_follows_the_cc_news_pattern():
    from datetime import UTC, datetime

    when = datetime(2026, 12, 1, 5, 0, 9, tzinfo=UTC)
    assert (
        warc_name("koreaherald", when, 7) == "heraldcrawl-koreaherald-20261201050009-00007.warc.gz"
    )


def test_capture_off_writes_no_warc_and_null_pointers(tmp_path):
    archive = tmp_path / "archive"
    with replica_process(40) as url:
        done, _ = crawl_replica(url, archive, "-s", "HERALD_WARC=False")
    assert done.returncode == 0, done.stderr[-3000:]
    records = read_archive(archive)
    assert records and all(r["warc"] is None for r in records)
    assert not (archive / "warc").exists()


def _whole_lines(archive: Path) -> list[dict]:
    out = []
    for path in partitions(archive):
        for line in path.open("rb"):
            if line.endswith(b"\n"):
                out.append(orjson.loads(line))
    return out


def test_a_run_killed_mid_write_leaves_readable_files_and_the_next_run_opens_new_ones(tmp_path):
    archive = tmp_path / "archive"
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
    with replica_process(1500, tmp_path / "truth.jsonl") as url:
        cmd = [
            sys.executable, "-m", "heraldcrawl", "run", "backfill", "-a", "since=2000-01-01",
            "-s", f"HERALD_BASE_URL={url}", "-s", f"HERALD_ARCHIVE_DIR={archive}",
            "-s", "HERALD_FSYNC_EVERY=7", "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        crawl = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and crawl.poll() is None:
            if archive.exists() and len(_whole_lines(archive)) >= 150:
                break
            time.sleep(0.05)
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(timeout=10)
        first = {p: p.stat().st_size for p in warc_files(archive)}
        assert first
        for path in first:
            every_record(path)  # whole records only: warcio reads to the end
        for r in _whole_lines(archive):
            assert read_record(archive, r["warc"])[0], r["id"]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
    assert {p: p.stat().st_size for p in first} == first, "old files are never appended to"
    later = set(warc_files(archive)) - set(first)
    assert {p.parent.name for p in later} == {p.parent.name for p in first}
    records = read_archive(archive)
    truth = {orjson.loads(line)["id"] for line in (tmp_path / "truth.jsonl").open("rb")}
    assert sorted(r["id"] for r in records) == sorted(truth)
    for r in records:
        assert read_record(archive, r["warc"])[0]


def test_a_disk_filled_by_warc_stops_the_run_with_status_7_and_loses_no_pointer(tmp_path):
    archive = tmp_path / "small"
    archive.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(archive)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("no tmpfs can be mounted here")
    try:
        with replica_process(300) as url:
            done, _ = crawl_replica(url, archive, "-s", "HERALD_FSYNC_EVERY=5")
        assert done.returncode == 7, done.stderr[-2000:]
        assert "cannot be written" in done.stderr
        for path in partitions(archive):
            data = path.read_bytes()
            assert not data or data.endswith(b"\n"), f"torn line in {path}"
        for r in _whole_lines(archive):
            assert r["warc"] is None or read_record(archive, r["warc"])[0]
        for path in warc_files(archive):
            with contextlib.suppress(Exception), path.open("rb") as fh:
                for rec in ArchiveIterator(fh):
                    rec.content_stream().read()
    finally:
        subprocess.run(["umount", "-l", str(archive)], check=False)
