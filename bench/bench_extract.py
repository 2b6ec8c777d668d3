"""Extraction: extract_article against trafilatura (with metadata) on the same replica pages.

    python bench/bench_extract.py [--pages 2000]

Pages of every layout come from the replica generator, in memory. Times are CPU seconds of this
process (best of three passes for extract_article; one pass for trafilatura, which is slow).
Prints pages per second for both and the ratio; exits 1 below the targets (8x trafilatura,
500 pages/s on one core).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import Counter

from heraldcrawl.extract import extract_article
from heraldcrawl.replica.generator import Replica
from heraldcrawl.replica.server import ReplicaSite

TARGET_RATIO = 8.0
TARGET_RATE = 500.0


def pages(n: int) -> list[tuple[bytes, str, dict, str]]:
    replica = Replica(n)
    site = ReplicaSite(replica)
    out = []
    for sk in replica.skeletons:
        art = replica.article(sk.index)
        _, headers, body = site.handle(art.host, art.path)
        out.append((body, art.url, headers, art.layout))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument(
        "--trafilatura-pages",
        type=int,
        default=None,
        help="how many of the pages trafilatura runs on (default: all)",
    )
    args = ap.parse_args()
    import trafilatura

    corpus = pages(args.pages)
    layouts = Counter(layout for *_, layout in corpus)
    size = sum(len(b) for b, *_ in corpus) / len(corpus)
    # The generator's objects are garbage now; collect them and keep the corpus out of the
    # collector's way so the timing measures extraction, not this harness.
    gc.collect()
    gc.freeze()

    # Ours first: running trafilatura leaves lxml measurably slower for the rest of the process.
    for body, url, headers, _ in corpus[:20]:  # warm caches (CSS translation, imports)
        extract_article(body, url, headers)
    # Best of three passes of CPU time: the machine is shared and wall time is noisy.
    runs = []
    for _ in range(3):
        t0 = time.process_time()
        for body, url, headers, _ in corpus:
            extract_article(body, url, headers)
        runs.append(time.process_time() - t0)
    ours_s = min(runs)

    subset = corpus[: args.trafilatura_pages or len(corpus)]
    for body, url, _, _ in subset[:20]:
        trafilatura.bare_extraction(body, url=url, with_metadata=True)
    t0 = time.process_time()
    for body, url, _, _ in subset:
        trafilatura.bare_extraction(body, url=url, with_metadata=True)
    theirs_s = time.process_time() - t0

    ours_rate = len(corpus) / ours_s
    theirs_rate = len(subset) / theirs_s
    ratio = ours_rate / theirs_rate
    print(f"pages: {len(corpus)}, mean size {size / 1024:.0f} KB, layouts {dict(layouts)}")
    ours_ms = ours_s / len(corpus) * 1e3
    theirs_ms = theirs_s / len(subset) * 1e3
    print(f"extract_article:             {ours_rate:8.0f} pages/s ({ours_ms:.2f} ms each)")
    print(
        f"trafilatura (with metadata): {theirs_rate:8.0f} pages/s ({theirs_ms:.2f} ms each, "
        f"{len(subset)} pages)"
    )
    print(
        f"ratio: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x); "
        f"rate target >= {TARGET_RATE:.0f} pages/s"
    )
    ok = ratio >= TARGET_RATIO and ours_rate >= TARGET_RATE
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
