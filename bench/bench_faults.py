"""Completeness of a backfill when the site misbehaves.

    python bench/bench_faults.py [--articles 3000] [--rate 0.2] [--kinds all] [--seed 1]

Starts two replicas of the same articles: one that faults each request with probability
`--rate` (every kind by default: 500, 502, 503, resets, stalls, bodies cut short with and
without Content-Length, error pages served 200, empty answers, CDN challenges), and one that
does not. Then three `heraldcrawl run backfill` runs over the whole replica into one archive:
with faults, with faults again, without faults. After each it prints the articles archived
intact, archived damaged, pending in the ledger, unaccounted for (neither archived nor pending:
a silent loss), lines archived twice, the exit status and the time taken; then one line of the
figures at the replica's density: records per partition (mean, max) in its dense window and in
the sparse tail, and the list pages the first run read per day of the window.

Targets (exit 1 when missed): after the first run at least 99% archived, none damaged, none
unaccounted for, and exit status 6 if anything is pending (0 otherwise); after the second,
100%; after the third, 100% and exit status 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heraldcrawl.cli import start_replica  # noqa: E402
from heraldcrawl.replica.audit import audit, density, read_truth  # noqa: E402
from heraldcrawl.replica.generator import Replica  # noqa: E402

# A stall lasts longer than the download timeout, so it costs a timeout, not a wait forever.
DOWNLOAD_TIMEOUT = 5
STALL = 8


def crawl(url: str, archive: Path, log: Path) -> tuple[int, float, str, dict]:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
    stats_file = log.with_suffix(".stats.json")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable, "-m", "heraldcrawl", "run", "backfill", "-a", "since=2000-01-01",
            "-s", f"HERALD_BASE_URL={url}", "-s", f"HERALD_ARCHIVE_DIR={archive}",
            "-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}", "-s", "HERALD_PROGRESS_INTERVAL=30",
            "-s", f"HERALD_STATS_FILE={stats_file}", "--log-file", str(log),
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False,
    )  # fmt: skip
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return done.returncode, time.monotonic() - started, summary, stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--kinds", default="", help="comma-separated fault kinds (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fault draws")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    truth_path = work / "truth.jsonl"
    extra = ("--faults", str(args.rate), "--fault-seed", str(args.seed))
    extra += ("--fault-stall", str(STALL))
    if args.kinds:
        extra += ("--fault-kinds", args.kinds)
    faulty, faulty_url = start_replica(args.articles, truth_path, extra=extra)
    clean, clean_url = start_replica(args.articles)
    truth = read_truth(truth_path)
    replica = Replica(args.articles)
    archive = work / "archive"
    print(
        f"{args.articles} articles, faults {args.rate:.0%} of requests "
        f"({args.kinds or 'all kinds'}); archive {archive}"
    )
    print(
        f"{'run':<18}{'archived':>10}{'damaged':>9}{'pending':>9}{'unaccounted':>13}"
        f"{'doubled':>9}{'exit':>6}{'seconds':>9}"
    )
    results = []
    list_pages: int | None = None
    try:
        for n, (label, url) in enumerate(
            [("faults", faulty_url), ("faults again", faulty_url), ("no faults", clean_url)], 1
        ):
            code, seconds, summary, stats = crawl(url, archive, work / f"run{n}.log")
            if list_pages is None:  # the first run walks every list; later ones stop early
                list_pages = stats.get("herald/lists/fetched")
            found = audit(archive, truth, replica)
            results.append((found, code))
            share = found["archived"] / found["truth"]
            print(
                f"{n}. {label:<15}{found['archived']:>6} {share:>4.0%}{found['damaged']:>8}"
                f"{found['pending']:>9}{found['unaccounted']:>13}{found['doubled']:>9}"
                f"{code:>6}{seconds:>9.0f}"
            )
            if found["examples"]["unaccounted"] or found["examples"]["damaged"]:
                print(f"   examples: {found['examples']}")
            print(f"   {summary}")
    finally:
        for proc in (faulty, clean):
            proc.terminate()
            proc.wait(timeout=10)
    print(density(archive, replica, list_pages))
    first, second, third = results
    checks = [
        ("run 1: at least 99% archived", first[0]["archived"] >= 0.99 * first[0]["truth"]),
        ("run 1: nothing damaged", first[0]["damaged"] == 0),
        ("run 1: nothing unaccounted for", first[0]["unaccounted"] == 0),
        ("run 1: exit 6 when anything is pending", first[1] == (6 if first[0]["pending"] else 0)),
        ("run 2: 100% archived", second[0]["archived"] == second[0]["truth"]),
        ("run 3: 100% archived", third[0]["archived"] == third[0]["truth"]),
        ("run 3: exit 0", third[1] == 0),
        ("no line archived twice", all(r[0]["doubled"] == 0 for r in results)),
    ]
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
