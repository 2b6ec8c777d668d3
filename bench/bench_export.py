"""`heraldcrawl archive export --format parquet` over a large archive: seconds and peak memory.

    python bench/bench_export.py [--records 1000000] [--all-revisions]

The archive is made with the replica's generator, without crawling (bench/synth_archive.py,
cached under /tmp): plain, gzip and zstd day partitions, one article in a hundred with a second
revision. The export runs in a child process, so its peak RSS (DuckDB's included) is its own.
Target: under 60 s and under 1 GB for 1,000,000 records.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
TARGET_S, TARGET_MB = 60, 1024
TIMEOUT_S = 600


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--all-revisions", action="store_true")
    args = ap.parse_args()
    import synth_archive

    folder = synth_archive.build(args.records)
    lines = synth_archive.lines_of(folder)
    out_parent = Path(tempfile.mkdtemp(prefix="heraldcrawl-export-"))
    out = out_parent / "parquet"
    cmd = [sys.executable, "-m", "heraldcrawl", "archive", "export", str(out), str(folder)]
    if args.all_revisions:
        cmd.append("--all-revisions")
    try:
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
        seconds = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 2**20
    finally:
        shutil.rmtree(out_parent, ignore_errors=True)
    print(done.stdout.strip() or done.stderr.strip())
    print(
        f"{lines:,} lines -> {size:,.0f} MB of Parquet in {seconds:.1f} s "
        f"({lines / seconds:,.0f} lines/s), peak RSS {peak:,.0f} MB "
        f"(targets < {TARGET_S} s, < {TARGET_MB} MB)"
    )
    ok = done.returncode == 0 and seconds < TARGET_S and peak < TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
