"""`heraldcrawl reparse` over a 20,000-article archive with WARC capture.

    python bench/bench_reparse.py [--articles 20000] [--repeat 3] [--cache /tmp/...]

Crawls the replica once into an archive cached under /tmp (kept between runs: the crawl takes a
minute or two), then times `heraldcrawl reparse` over it: every article's page read back from
its WARC record and extracted again. Prints the best rate of `--repeat` runs with the default
workers (one per core) and one inline run (`--workers 0`) for comparison, then a run whose
extractor changes one field of every record, so every record is written as a revision (on a
copy of the archive). Target: at least 1,500 pages/s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1500

CHANGED = """
import sys
import heraldcrawl.archive.reparse as rp
real = rp.extract_record
def changed(*args):
    record = real(*args)
    record["section"] = (record["section"] or "") + "*"
    return record
rp.extract_record = changed
from heraldcrawl.cli import main
sys.exit(main(["reparse", sys.argv[1]]))
"""


def build(archive: Path, articles: int) -> None:
    sys.path.insert(0, str(ROOT))
    from heraldcrawl.cli import start_replica

    tmp = archive.with_name(archive.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    cache_mb = max(256, articles * 120 // 1024)
    proc, url = start_replica(articles, None, timeout=300, extra=("--page-cache", str(cache_mb)))
    try:
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
        cmd = [
            sys.executable, "-m", "heraldcrawl", "run", "backfill", "-a", "since=2000-01-01",
            "-s", f"HERALD_BASE_URL={url}", "-s", f"HERALD_ARCHIVE_DIR={tmp}",
            "-s", "LOG_LEVEL=WARNING", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=32",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        ]  # fmt: skip
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"the crawl failed ({done.returncode}):\n{done.stderr[-3000:]}")
        print(f"crawled {articles:,} articles in {time.perf_counter() - t0:.0f} s into {archive}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    tmp.rename(archive)


def reparse(archive: Path, *extra: str, code: str | None = None) -> tuple[float, dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = (
        [sys.executable, "-c", code, str(archive)]
        if code
        else [sys.executable, "-m", "heraldcrawl", "reparse", str(archive), *extra]
    )
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"reparse failed ({done.returncode}):\n{done.stderr[-3000:]}")
    manifest = sorted((archive / "_manifests").glob("*-reparse.json"))[-1]
    return seconds, json.loads(manifest.read_text())["counts"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", type=Path, help="archive folder to reuse (default under /tmp)")
    args = ap.parse_args()
    archive = args.cache or Path(f"/tmp/heraldcrawl-bench-reparse-{args.articles}")
    if not (archive / "_manifests").is_dir():
        build(archive, args.articles)
    print(f"load average before: {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")
    runs = [reparse(archive) for _ in range(max(1, args.repeat))]
    seconds, counts = min(runs, key=lambda r: r[0])
    pages = counts["reparsed"]
    rate = pages / seconds
    inline_s, inline_counts = reparse(archive, "--workers", "0")
    copy = archive.with_name(archive.name + ".changed")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(archive, copy)
    try:
        changed_s, changed_counts = reparse(copy, code=CHANGED)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    print(f"archive: {archive} ({pages:,} articles with a WARC record)")
    print(
        f"reparse, default workers, best of {len(runs)}: {rate:7,.0f} pages/s "
        f"({seconds:.1f} s, process start-up included; {counts['revised']} revised)"
    )
    print(
        f"reparse --workers 0 (inline):          {inline_counts['reparsed'] / inline_s:7,.0f} "
        f"pages/s ({inline_s:.1f} s)"
    )
    print(
        f"reparse, every record changed:         {changed_counts['reparsed'] / changed_s:7,.0f} "
        f"pages/s ({changed_s:.1f} s, {changed_counts['revised']:,} revisions written)"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    ok = rate >= TARGET and counts["revised"] == 0 and pages >= args.articles
    print(f"target >= {TARGET:,} pages/s: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
