"""`heraldcrawl archive coverage` and `archive stats` over a large archive: seconds, peak RSS.

    python bench/bench_coverage.py [--records 1000000] [--small 20000]

The archive is the synthetic one of bench/synth_archive.py (the replica's generator, no crawl,
cached under /tmp). Each command runs in a child process so its peak RSS is its own; the same
commands over a small archive show whether memory stays flat as the archive grows.
Target: under 10 s each for 1,000,000 records, and flat memory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
TARGET_S = 10
TIMEOUT_S = 300


def run(args: list[str]) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB and exit status of `python -m heraldcrawl ARGS`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "heraldcrawl", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        proc.kill()
        raise
    seconds = time.perf_counter() - t0
    if status:
        print(proc.stderr.read().decode()[-2000:], file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=20_000)
    args = ap.parse_args()
    import synth_archive

    ok = True
    results = {}
    for n in (args.small, args.records):
        folder = synth_archive.build(n)
        lines = synth_archive.lines_of(folder)
        for name, cmd in (
            ("coverage", ["archive", "coverage", str(folder), "--json"]),
            ("stats", ["archive", "stats", str(folder)]),
        ):
            seconds, peak, code = run(cmd)
            results[(name, n)] = peak
            print(f"{name:>8} of {lines:>9,} lines: {seconds:5.1f} s, peak RSS {peak:6.0f} MB")
            if n == args.records:
                ok = ok and code == 0 and seconds < TARGET_S
    for name in ("coverage", "stats"):
        growth = results[(name, args.records)] - results[(name, args.small)]
        print(f"{name}: peak RSS grows by {growth:.0f} MB from {args.small:,} to {args.records:,}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
