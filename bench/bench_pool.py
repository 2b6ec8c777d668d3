"""What parsing in the worker process saves the crawl engine, per page.

    python bench/bench_pool.py [--pages 1500]

Extracts the same replica pages through `ExtractPool` inline (0 workers) and with one worker,
32 pages in flight as in a crawl, and prints the wall time and the CPU time of this process
(every thread: what the engine would spend) per page. The engine's share should drop to under
half of inline extraction.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def measure(pool, pages) -> tuple[float, float]:
    await pool.extract(*pages[0])  # start-up of the worker is not a per-page cost
    gate = asyncio.Semaphore(32)

    async def one(page) -> None:
        # A page that is not an article costs the same; its error is not the point here.
        async with gate:
            with contextlib.suppress(Exception):
                await pool.extract(*page)

    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(p) for p in pages))
    n = len(pages)
    return (time.perf_counter() - wall) / n * 1000, (time.process_time() - cpu) / n * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1500)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.bench_extract import pages as replica_pages
    from heraldcrawl.extract.pool import ExtractPool

    pages = [
        (body, url, headers.get("Content-Type"))
        for body, url, headers, _ in replica_pages(args.pages)
    ]

    async def run(workers: int) -> tuple[float, float]:
        pool = ExtractPool(workers)
        try:
            return await measure(pool, pages)
        finally:
            await pool.close()

    inline_wall, inline_cpu = asyncio.run(run(0))
    worker_wall, worker_cpu = asyncio.run(run(1))
    print(f"pages: {len(pages)}")
    print(f"inline:     {inline_wall:.2f} ms wall, {inline_cpu:.2f} ms engine CPU a page")
    print(f"one worker: {worker_wall:.2f} ms wall, {worker_cpu:.2f} ms engine CPU a page")
    share = worker_cpu / inline_cpu
    print(f"engine CPU with the worker: {share:.0%} of inline (target < 50%)")
    ok = share < 0.5
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
