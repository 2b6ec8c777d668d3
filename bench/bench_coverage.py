"""`heraldcrawl archive coverage` and `archive stats` over a large archive: seconds, peak RSS.

    python bench/bench_coverage.py [--records 1000000] [--small 200000]

The archive is the synthetic one of bench/synth_archive.py (the replica's generator, no crawl,
cached under /tmp). Each command runs in a child process so its peak RSS is its own; the same
commands over a small archive show whether memory stays flat as the archive grows. Memory
is the sum over the command's processes (its workers too), sampled every 50 ms.
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


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants (its worker processes)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    mine = {root_pid}
    for _ in range(4):  # a few generations deep is enough here
        mine |= {pid for pid, parent in parents.items() if parent in mine}
    return sum(rss.get(pid, 0) for pid in mine) / 2**20


def run(args: list[str]) -> tuple[float, float, int]:
    """Seconds, peak RSS of the process tree in MB (sampled every 50 ms) and exit status of
    `python -m heraldcrawl ARGS`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "heraldcrawl", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0.0
    try:
        while proc.poll() is None and time.perf_counter() - t0 < TIMEOUT_S:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
        status = proc.wait()
    except BaseException:
        proc.kill()
        raise
    seconds = time.perf_counter() - t0
    if status:
        print(proc.stderr.read().decode()[-2000:], file=sys.stderr)
    return seconds, peak, status


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=200_000)  # large enough for the workers
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
