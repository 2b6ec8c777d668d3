"""Memory of one long run: the archive store's growth while it writes many records.

    python bench/bench_store.py [--records 200000] [--fsync-every 100]

Appends synthetic records (one site, 28 days) through `ArchiveStore`, as a long backfill does,
and prints the time and the growth of the process's peak RSS. The store keeps in memory only
the batches its SQLite state has not indexed yet, so the growth should not depend on the number
of records (target: under 20 MB for 200,000).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--fsync-every", type=int, default=100)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from scrapy.utils.test import get_crawler

    from heraldcrawl.pipelines import ArchiveStore

    with tempfile.TemporaryDirectory() as tmp:
        store = ArchiveStore(Path(tmp), get_crawler().stats, fsync_every=args.fsync_every)
        base = peak_mb()
        t0 = time.perf_counter()
        for i in range(args.records):
            ud = 20190800000000 + i
            store.append(
                {
                    "id": f"koreaherald:ud:{ud}",
                    "site": "koreaherald",
                    "url": f"https://www.koreaherald.com/view.php?ud={ud}",
                    "content_hash": f"sha256:{i:064x}",
                    "revision": 1,
                    "published": f"2019-08-{1 + i % 28:02d}T10:00:00+09:00",
                    "fetched_at": "2026-11-28T00:00:00Z",
                    "body": "x" * 200,
                }
            )
        store.close()
        elapsed = time.perf_counter() - t0
        growth = peak_mb() - base
    print(f"{args.records:,} records in {elapsed:.1f} s ({args.records / elapsed:,.0f}/s)")
    print(f"peak RSS growth: {growth:.0f} MB (target < {TARGET_MB} MB)")
    ok = growth < TARGET_MB
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
