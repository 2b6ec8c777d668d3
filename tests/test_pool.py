"""Extraction in a worker process gives the records inline extraction gives, and survives its
worker's death."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import struct
import subprocess
import sys
import threading
import time

import orjson
import pytest
from scrapy.utils.test import get_crawler

from heraldcrawl.extract import NotAnArticle, extract_article
from heraldcrawl.extract import pool as pool_module
from heraldcrawl.extract.lists import read_list
from heraldcrawl.extract.pool import TEST_SLEEP, ExtractionError, ExtractionTimeout, ExtractPool
from heraldcrawl.loaders import normalise_record
from tests.conftest import ROOT


def pages(site, replica, n: int) -> list[tuple[bytes, str, str | None]]:
    out = []
    step = max(1, len(replica.skeletons) // n)  # spread over the years: every page design
    for sk in replica.skeletons[::step][:n]:
        art = replica.article(sk.index)
        _, headers, body = site.handle(art.host, art.path)
        out.append((body, art.url, headers.get("Content-Type")))
    return out


def inline(body: bytes, url: str, content_type: str | None) -> dict:
    headers = {"content-type": content_type} if content_type else None
    return normalise_record(extract_article(body, url, headers))


def test_worker_records_equal_inline_records(site, replica):
    batch = pages(site, replica, 40)
    stats = get_crawler().stats

    async def main() -> list[dict]:
        pool = ExtractPool(1, stats)
        try:
            return await asyncio.gather(*(pool.extract(*p) for p in batch))
        finally:
            await pool.close()

    got = asyncio.run(main())
    assert stats.get_value("herald/extract/workers") == 1
    assert len({r["layout"] for r in got}) >= 3  # several designs went through the worker
    for page, record in zip(batch, got, strict=True):
        assert record == inline(*page), page[1]


LIST_PAGES = [
    ("www.koreaherald.com", "/list.php?ct=020000000000&np=1"),  # legacy list
    ("www.koreaherald.com", "/list.php?ct=020000000000&np=2"),
    ("www.koreaherald.com", "/National"),  # current section list
    ("biz.heraldcorp.com", "/list.php?ct=010000000000&np=1"),  # Herald Business, cp949
]


def test_list_pages_read_in_the_worker_equal_inline_reads(site):
    batch = []
    for host, path in LIST_PAGES:
        _, headers, body = site.handle(host, path)
        batch.append((body, f"https://{host}{path}", headers.get("Content-Type")))

    async def main() -> list[dict]:
        pool = ExtractPool(1)
        try:
            return await asyncio.gather(*(pool.read_list(*p) for p in batch))
        finally:
            await pool.close()

    got = asyncio.run(main())
    for page, found in zip(batch, got, strict=True):
        assert found == read_list(*page), page[1]
        assert found["items"], page[1]
    assert all(u.startswith("https://") for f in got for u, _ in f["items"])
    assert got[0]["next"] == "https://www.koreaherald.com/list.php?ct=020000000000&np=2"


def test_not_an_article_crosses_the_pipe(site):
    _, _, body = site.handle("www.koreaherald.com", "/list.php?ct=020000000000&np=1")

    async def main() -> None:
        pool = ExtractPool(1)
        try:
            with pytest.raises(NotAnArticle):
                await pool.extract(body, "https://www.koreaherald.com/list.php", None)
        finally:
            await pool.close()

    asyncio.run(main())


def test_a_dead_worker_falls_back_to_inline(site, replica):
    batch = pages(site, replica, 30)
    stats = get_crawler().stats

    async def main() -> list[dict]:
        pool = ExtractPool(1, stats)
        first = await pool.extract(*batch[0])
        os.kill(pool.workers[0].pid, signal.SIGKILL)
        try:
            rest = await asyncio.gather(*(pool.extract(*p) for p in batch[1:]))
        finally:
            await pool.close()
        return [first, *rest]

    got = asyncio.run(main())
    assert stats.get_value("herald/extract/worker_lost") == 1
    assert [r["id"] for r in got] == [inline(*p)["id"] for p in batch]


def test_an_unexpected_error_names_the_page(monkeypatch):
    def broken(body, url, headers):
        raise KeyError("title")

    monkeypatch.setattr(pool_module, "extract_article", broken)
    kind, message = pool_module._answer(
        pool_module.ARTICLE, b"<html></html>", "https://www.koreaherald.com/x", None
    )
    assert kind == pool_module._FAILED
    assert "https://www.koreaherald.com/x" in message and "KeyError" in message
    with pytest.raises(ExtractionError, match="KeyError"):
        raise ExtractionError(message)


def test_worker_exits_at_end_of_input(site, replica):
    body, url, content_type = pages(site, replica, 1)[0]
    u, c = url.encode(), (content_type or "").encode()
    frame = struct.pack("<BIII", pool_module.ARTICLE, len(u), len(c), len(body)) + u + c + body
    done = subprocess.run(
        [sys.executable, "-m", "heraldcrawl.extract.pool"],
        input=frame,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (size,) = struct.unpack("<I", done.stdout[:4])
    kind, record = orjson.loads(done.stdout[4 : 4 + size])
    assert kind == 0 and record == inline(body, url, content_type)


def test_warm_starts_the_worker_before_any_page_and_close_stops_it(site, replica):
    body, url, content_type = pages(site, replica, 1)[0]

    async def main() -> tuple[int, int, dict]:
        pool = ExtractPool(1, get_crawler().stats)
        pool.warm()
        await asyncio.wait_for(asyncio.shield(pool.ready), 30)
        assert len(pool.workers) == 1  # started without a page sent
        pid = pool.workers[0].pid
        record = await pool.extract(body, url, content_type)
        assert len(pool.workers) == 1  # the warm worker took the page: no second start
        await pool.close()
        return pid, pool.workers, record

    pid, left, record = asyncio.run(main())
    assert left == [] and record == inline(body, url, content_type)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # exited and reaped


def test_close_right_after_warm_leaves_no_worker(monkeypatch):
    made = []

    class Recorded(pool_module._Worker):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            made.append(self.pid)

    monkeypatch.setattr(pool_module, "_Worker", Recorded)

    async def main() -> None:
        pool = ExtractPool(1)
        pool.warm()
        await pool.close()  # before the start has finished: it is awaited, then stopped

    asyncio.run(main())
    assert len(made) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(made[0], 0)


def test_no_workers_needs_no_event_loop():
    pool = ExtractPool(0, get_crawler().stats)
    assert pool.stats.get_value("herald/extract/workers") == 0
    # Driven by hand, with no loop running (as under Twisted's default reactor): extraction
    # happens inline at the first step.
    coro = pool.extract(b"<html><body>no article</body></html>", "https://x.invalid/", None)
    with pytest.raises(NotAnArticle):
        coro.send(None)


# -- deadlines ---------------------------------------------------------------------------------


def sleeper(seconds: float) -> str:
    """The URL of the test-only task that sleeps (needs HERALD_TEST_TASKS=1)."""
    return f"https://test.invalid/sleep?s={seconds}"


def test_a_page_past_its_deadline_kills_the_worker_and_the_pages_behind_it_move_on(
    site, replica, monkeypatch
):
    monkeypatch.setenv("HERALD_TEST_TASKS", "1")
    batch = pages(site, replica, 5)
    stats = get_crawler().stats

    async def main():
        pool = ExtractPool(1, stats, timeout=1.0)
        try:
            first = await pool.extract(*batch[0])  # the worker is up and has its modules
            pid = pool.workers[0].pid
            start = time.monotonic()
            hung = asyncio.ensure_future(pool._run(TEST_SLEEP, b"", sleeper(30), None))
            # Queued on the same worker behind the hung page.
            behind = [asyncio.ensure_future(pool.extract(*p)) for p in batch[1:]]
            with pytest.raises(ExtractionTimeout) as raised:
                await hung
            took = time.monotonic() - start
            rest = await asyncio.wait_for(asyncio.gather(*behind), 30)
            replacement = pool.workers[0].pid
            after = await pool.extract(*batch[0])
        finally:
            await pool.close()
        return first, pid, str(raised.value), took, rest, replacement, after

    first, pid, message, took, rest, replacement, after = asyncio.run(main())
    assert took < 2.0, took  # the timeout and a second at most
    assert sleeper(30) in message and "1 s" in message
    assert replacement != pid
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped
    assert [first, *rest] == [inline(*p) for p in batch]
    assert after == inline(*batch[0])
    assert stats.get_value("herald/extract/timeouts") == 1
    assert stats.get_value("herald/extract/worker_restarted") == 1
    assert stats.get_value("herald/extract/worker_lost") is None


def test_the_deadline_counts_from_when_the_worker_starts_on_the_page(site, replica, monkeypatch):
    monkeypatch.setenv("HERALD_TEST_TASKS", "1")
    batch = pages(site, replica, 1)
    stats = get_crawler().stats

    async def main() -> list[dict]:
        pool = ExtractPool(1, stats, timeout=1.0)
        try:
            await pool.extract(*batch[0])
            # 1.8 s of work queued at once, each page well inside its own second.
            return await asyncio.gather(
                *(pool._run(TEST_SLEEP, b"", sleeper(0.6), None) for _ in range(3))
            )
        finally:
            await pool.close()

    assert asyncio.run(main()) == [{"slept": sleeper(0.6)}] * 3
    assert stats.get_value("herald/extract/timeouts") is None


def test_when_no_replacement_starts_the_pages_behind_fall_back_to_inline(
    site, replica, monkeypatch
):
    monkeypatch.setenv("HERALD_TEST_TASKS", "1")
    batch = pages(site, replica, 3)
    stats = get_crawler().stats

    async def main() -> list[dict]:
        pool = ExtractPool(1, stats, timeout=0.5)
        try:
            await pool.extract(*batch[0])

            async def cannot_start():
                return None

            pool._spawn = cannot_start
            hung = asyncio.ensure_future(pool._run(TEST_SLEEP, b"", sleeper(30), None))
            behind = [asyncio.ensure_future(pool.extract(*p)) for p in batch]
            with pytest.raises(ExtractionTimeout):
                await hung
            return await asyncio.wait_for(asyncio.gather(*behind), 30)
        finally:
            await pool.close()

    assert asyncio.run(main()) == [inline(*p) for p in batch]
    assert stats.get_value("herald/extract/worker_lost") == 1
    assert stats.get_value("herald/extract/worker_restarted") is None


def test_the_sleeping_task_exists_only_in_tests(monkeypatch):
    monkeypatch.delenv("HERALD_TEST_TASKS", raising=False)
    kind, message = pool_module._answer(TEST_SLEEP, b"", sleeper(30), None)
    assert kind == pool_module._FAILED and "IndexError" in message


def test_inline_extraction_has_a_deadline_and_restores_the_alarm(monkeypatch):
    monkeypatch.setenv("HERALD_TEST_TASKS", "1")
    stats = get_crawler().stats
    pool = ExtractPool(0, stats, timeout=0.5)

    def theirs(signum, frame):
        raise AssertionError("the earlier alarm fired during the test")

    previous = signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        start = time.monotonic()
        coro = pool._run(TEST_SLEEP, b"", sleeper(30), None)
        with pytest.raises(ExtractionTimeout, match=r"sleep\?s=30: .*0\.5 s"):
            coro.send(None)  # no event loop: inline at the first step
        assert time.monotonic() - start < 1.5
        assert signal.getsignal(signal.SIGALRM) is theirs
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 98.0 < left < 100.0  # the earlier timer runs on
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert stats.get_value("herald/extract/timeouts") == 1


def test_an_inline_deadline_is_not_swallowed_by_a_broad_except(monkeypatch):
    def stubborn(body, url, content_type):
        with contextlib.suppress(Exception):  # code that swallows one interruption...
            time.sleep(10)
        time.sleep(10)  # ...meets the next one
        return {}

    monkeypatch.setattr(pool_module, "_TASKS", (stubborn, read_list))
    pool = ExtractPool(0, None, timeout=0.3)
    start = time.monotonic()
    with pytest.raises(ExtractionTimeout):
        pool.extract(b"", "https://x.invalid/", None).send(None)
    assert time.monotonic() - start < 1.0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_inline_extraction_off_the_main_thread_has_no_alarm(monkeypatch):
    monkeypatch.setenv("HERALD_TEST_TASKS", "1")
    pool = ExtractPool(0, None, timeout=0.1)
    got = []

    def run() -> None:
        got.append(pool._inline(TEST_SLEEP, b"", sleeper(0.3), None))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert got == [{"slept": sleeper(0.3)}]
