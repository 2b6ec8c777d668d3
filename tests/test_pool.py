"""Extraction in a worker process gives the records inline extraction gives, and survives its
worker's death."""

from __future__ import annotations

import asyncio
import os
import signal
import struct
import subprocess
import sys

import orjson
import pytest
from scrapy.utils.test import get_crawler

from heraldcrawl.extract import NotAnArticle, extract_article
from heraldcrawl.extract import pool as pool_module
from heraldcrawl.extract.pool import ExtractionError, ExtractPool
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
    from heraldcrawl.extract.lists import read_list

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
