"""The `heraldcrawl` command: scheduled runs, archive tools, the offline replica and the demo.

heraldcrawl run latest|backfill|urls [-a NAME=VALUE]... [-s NAME=VALUE]... [--log-file PATH]
heraldcrawl archive verify|stats|reindex|compress [DIR] [--older-than DAYS] [--format gzip|zstd]
heraldcrawl replica --port PORT --articles N --truth FILE [--span DAYS | --start DAY] [--faults R]
heraldcrawl demo [--articles N] [--archive-dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import orjson

from heraldcrawl.outcome import EXIT_BAD_ARGS, EXIT_LOCKED
from heraldcrawl.record import utc_now


def _date_arg(text: str) -> datetime:
    from heraldcrawl.record import KST

    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=KST)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def _span_arg(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if not 0.0 < days < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of days above 0, such as 30")
    return days


def _rate_arg(text: str) -> tuple[int, float]:
    try:
        every, wait = text.split(":")
        parsed = int(every), float(wait)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: use N:SECONDS, such as 50:2") from None
    if parsed[0] < 1 or parsed[1] < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: N must be 1 or more, SECONDS 0 or more")
    return parsed


def _fault_rate_arg(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r}: give a probability from 0 to 1, such as 0.1")
    return rate


def _fault_kinds_arg(text: str) -> tuple[str, ...]:
    # Imported here, not at parse-time for every command: the server module is slow to load.
    from heraldcrawl.replica.server import FAULT_KINDS

    kinds = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    accepted = ", ".join(FAULT_KINDS)
    for kind in kinds:
        if kind not in FAULT_KINDS:
            raise argparse.ArgumentTypeError(f"{kind!r} is not a fault kind; accepted: {accepted}")
    if not kinds:
        raise argparse.ArgumentTypeError(f"no fault kind given; accepted: {accepted}")
    return kinds


def _seconds_arg(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0.0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: give seconds, 0 or more, such as 40")
    return seconds


def _block_host_arg(text: str) -> str:
    from heraldcrawl.urls import HOST_SITE, site_of_host

    if site_of_host(text) is None and text not in ("koreaherald", "heraldbiz"):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a host of either site; give one such as www.koreaherald.com or "
            f"biz.heraldcorp.com (or a site name, koreaherald or heraldbiz); known hosts: "
            f"{', '.join(sorted(HOST_SITE))}"
        )
    return text


def write_truth(replica, path: Path) -> int:
    """Write the record every replica article should produce, as JSON Lines."""
    fetched = utc_now()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        for skeleton in replica.skeletons:
            fh.write(orjson.dumps(replica.article(skeleton.index).record(fetched)) + b"\n")
    os.replace(tmp, path)
    return replica.n


def cmd_replica(args: argparse.Namespace) -> int:
    from heraldcrawl.replica.generator import DEFAULT_END, Replica
    from heraldcrawl.replica.server import FAULT_KINDS, ReplicaServer, ReplicaSite

    try:
        replica = Replica(
            args.articles,
            seed=args.seed,
            start=args.start,
            end=args.end or DEFAULT_END,
            drift=tuple(args.drift or ()),
            span=args.span,
        )
    except ValueError as exc:
        print(f"heraldcrawl replica: {exc}", file=sys.stderr)
        return EXIT_BAD_ARGS
    if args.page_cache < 0:
        print(
            f"heraldcrawl replica: --page-cache {args.page_cache} is negative; give megabytes, "
            "or 0 to render every request",
            file=sys.stderr,
        )
        return EXIT_BAD_ARGS
    for index in args.revise or []:
        if not 0 <= index < replica.n:
            print(
                f"heraldcrawl replica: --revise {index} is not an article index "
                f"(0 to {replica.n - 1})",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
        replica.revise(index)
    if args.truth:
        write_truth(replica, Path(args.truth))

    async def main() -> None:
        server = ReplicaServer(
            ReplicaSite(replica),
            args.host,
            args.port,
            rate_limit=args.rate_limit,
            cache_bytes=args.page_cache * 2**20,
            faults=args.faults,
            fault_kinds=args.fault_kinds or FAULT_KINDS,
            fault_seed=args.fault_seed,
            fault_stall=args.fault_stall,
            block_hosts=tuple(args.block_host or ()),
        )
        try:
            url = await server.start()
        except OSError as exc:
            print(
                f"heraldcrawl replica: cannot listen on {args.host}:{args.port}: {exc.strerror}; "
                "choose another --port (0 picks a free one)",
                file=sys.stderr,
            )
            raise SystemExit(1) from None
        print(url, flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        serving = asyncio.create_task(server.serve_forever())
        await stop.wait()
        serving.cancel()

    asyncio.run(main())
    return 0


def start_replica(
    articles: int, truth: Path | None = None, timeout: float = 60.0, extra: tuple[str, ...] = ()
):
    """Start `heraldcrawl replica` in a child process; returns (process, base URL)."""
    cmd = [
        sys.executable,
        "-m",
        "heraldcrawl",
        "replica",
        "--port",
        "0",
        "--articles",
        str(articles),
        *extra,
    ]
    if truth is not None:
        cmd += ["--truth", str(truth)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    line = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline().strip()
        if line.startswith("http://") or proc.poll() is not None:
            break
    if not line.startswith("http://"):
        proc.kill()
        raise RuntimeError(f"the replica did not start within {timeout:.0f} s")
    return proc, line


def cmd_demo(args: argparse.Namespace) -> int:
    archive = Path(args.archive_dir).resolve()
    proc, url = start_replica(args.articles)
    print(f"replica of {args.articles} articles at {url}; archive in {archive}", flush=True)
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "herald",
                "-s",
                f"HERALD_BASE_URL={url}",
                "-s",
                f"HERALD_ARCHIVE_DIR={archive}",
                "-s",
                f"LOG_LEVEL={args.log_level}",
            ],
            env=env,
            check=False,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    from heraldcrawl.archive import partitions
    from heraldcrawl.archive_report import count_all_lines

    files = partitions(archive)
    lines = count_all_lines(archive)
    print(f"archive: {lines} records in {len(files)} partition files under {archive}")
    return done.returncode


def cmd_run(args: argparse.Namespace) -> int:
    from heraldcrawl.runner import run

    return run(args.mode, args.a or [], args.s or [], args.log_file)


def _archive_dir(value: str | None) -> Path:
    if value:
        return Path(value)
    from heraldcrawl import settings

    return Path(os.environ.get("HERALD_ARCHIVE_DIR") or settings.HERALD_ARCHIVE_DIR)


def cmd_archive(args: argparse.Namespace) -> int:
    from heraldcrawl import archive, archive_report

    root = _archive_dir(args.dir)
    if not root.is_dir():
        print(
            f"heraldcrawl archive {args.action}: no archive folder at {root}; give the folder "
            "HERALD_ARCHIVE_DIR points to",
            file=sys.stderr,
        )
        return EXIT_BAD_ARGS
    if args.action == "verify":
        problems = archive_report.verify(root)
        lines = archive_report.count_all_lines(root)
        for problem in problems[: archive_report.MAX_REPORTED]:
            print(problem)
        if len(problems) > archive_report.MAX_REPORTED:
            print(f"... and {len(problems) - archive_report.MAX_REPORTED} more")
        verdict = "verifies" if not problems else f"has {len(problems)} problem(s)"
        print(
            f"archive {root}: {lines} lines in {len(archive.partitions(root))} partitions; "
            f"{verdict}"
        )
        return 0 if not problems else 1
    if args.action == "pending":
        return _print_pending(root, args.json)
    if args.action == "stats":
        data = archive_report.stats(root)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            archive_report.print_stats(data)
        return 0
    from heraldcrawl.runner import LockHeld, run_lock

    if args.action == "compress":
        if args.older_than < 1:
            print(
                f"heraldcrawl archive compress: --older-than {args.older_than} must be 1 or "
                "more days (the current days are still being written)",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
        if args.format == "zstd":
            try:
                archive.zstandard_module()
            except RuntimeError as exc:
                print(f"heraldcrawl archive compress --format zstd: {exc}", file=sys.stderr)
                return EXIT_BAD_ARGS
        try:
            with run_lock(root):
                state = archive.State(root)
                try:
                    archive.catch_up(root, state)
                    done = archive.compress(
                        root, state, args.older_than, utc_now(), fmt=args.format
                    )
                finally:
                    state.close()
        except LockHeld as exc:
            print(f"heraldcrawl archive compress: {exc}", file=sys.stderr)
            return EXIT_LOCKED
        saved = done["bytes_before"] - done["bytes_after"]
        print(
            f"compressed ({args.format}) {done['files']} partitions older than "
            f"{args.older_than} days in {root}: "
            f"{done['bytes_before']:,} -> {done['bytes_after']:,} bytes ({saved:,} saved)"
        )
        return 0
    try:
        with run_lock(root):
            done = archive.reindex(root)
    except LockHeld as exc:
        print(f"heraldcrawl archive reindex: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    print(
        f"reindexed {root}: {done['indexed']} lines indexed, {done['repaired']} torn tails moved "
        f"to _repaired/, {done['bad_lines']} unreadable lines"
    )
    return 0


def _print_pending(root: Path, as_json: bool) -> int:
    """`heraldcrawl archive pending`: what runs found and could not archive, with the reason,
    the runs that tried it and its state (`pending`: the next run asks for it first;
    `given_up`: after HERALD_PENDING_MAX_ATTEMPTS runs)."""
    import sqlite3

    from heraldcrawl import archive

    if not (root / archive.STATE_DIR / "state.sqlite").is_file():
        rows: list[dict] = []
    else:
        try:
            state = archive.State(root)
        except sqlite3.Error as exc:
            print(
                f"heraldcrawl archive pending: cannot read the state of {root} ({exc}); "
                "`heraldcrawl archive reindex` rebuilds it (the ledger is then empty)",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
        try:
            rows = state.pending(None)
        finally:
            state.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        detail = f" ({row['detail']})" if row["detail"] else ""
        print(
            f"{row['state']:<9} {row['attempts']:>2}x {row['reason']}{detail}: {row['url']}"
            + ("  [list page]" if row["kind"] == "list" else "")
        )
    waiting = sum(1 for r in rows if r["state"] == "pending")
    print(
        f"archive {root}: {waiting} pending (asked for first by the next run), "
        f"{len(rows) - waiting} given up"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="heraldcrawl",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="one crawl for cron: lock, summary line, exit status")
    run.add_argument("mode", choices=("latest", "backfill", "urls"))
    run.add_argument("-a", action="append", metavar="NAME=VALUE", help="spider argument")
    run.add_argument("-s", action="append", metavar="NAME=VALUE", help="Scrapy setting")
    run.add_argument("--log-file", help="write the crawl log to this file")
    run.set_defaults(func=cmd_run)

    arc = sub.add_parser(
        "archive",
        help="verify, summarise, reindex or compress an archive folder, or list what it misses",
    )
    arc.add_argument("action", choices=("verify", "stats", "reindex", "compress", "pending"))
    arc.add_argument("dir", nargs="?", help="archive folder (default: HERALD_ARCHIVE_DIR)")
    arc.add_argument("--json", action="store_true", help="stats or pending as JSON")
    arc.add_argument(
        "--older-than",
        type=int,
        default=30,
        metavar="DAYS",
        help="compress: day partitions more than DAYS days old (default 30)",
    )
    arc.add_argument(
        "--format",
        choices=("gzip", "zstd"),  # archive.FORMATS
        default="gzip",
        help="compress: gzip (default; .jsonl.gz) or zstd (.jsonl.zst, needs heraldcrawl[zstd])",
    )
    arc.set_defaults(func=cmd_archive)

    rep = sub.add_parser("replica", help="serve the offline replica of both sites")
    rep.add_argument("--port", type=int, default=8600, help="port on 127.0.0.1 (0: any free one)")
    rep.add_argument("--host", default="127.0.0.1", help="address to listen on")
    rep.add_argument("--articles", type=int, default=1000, help="number of articles")
    rep.add_argument("--truth", help="write the expected archive records here (JSON Lines)")
    rep.add_argument("--seed", type=int, default=20190821, help="generator seed")
    rep.add_argument(
        "--span",
        type=_span_arg,
        metavar="DAYS",
        help="publish 90%% of the articles in the last DAYS days before --end, the rest thinly "
        "back to 2012 (default: the days that hold them at about 100 Korea Herald and 300 "
        "Herald Business articles a day, at least 3)",
    )
    rep.add_argument(
        "--start",
        type=_date_arg,
        help="first publication day (YYYY-MM-DD): spread the articles evenly from it to --end "
        "instead of at real density (not with --span)",
    )
    rep.add_argument("--end", type=_date_arg, help="last publication day (YYYY-MM-DD)")
    rep.add_argument(
        "--page-cache",
        type=int,
        default=2048,
        metavar="MB",
        help="keep up to MB megabytes of pages served once, in a temporary file, so they are "
        "not rendered again (default 2048; 0 renders every request)",
    )
    rep.add_argument(
        "--revise",
        type=int,
        action="append",
        metavar="INDEX",
        help="serve a corrected version of article INDEX (0 is the oldest)",
    )
    rep.add_argument(
        "--rate-limit",
        type=_rate_arg,
        metavar="N:SECONDS",
        help="refuse every Nth request of a site with 429/503 and Retry-After",
    )
    rep.add_argument(
        "--drift",
        action="append",
        metavar="NAME",
        help="serve a simulated partial redesign (kh-legacy-dateline)",
    )
    rep.add_argument(
        "--faults",
        type=_fault_rate_arg,
        default=0.0,
        metavar="RATE",
        help="fault each request (not robots.txt or /_replica/) with probability RATE, "
        "from 0 to 1 (default 0: off); faults are drawn per request, so asking again "
        "usually succeeds",
    )
    rep.add_argument(
        "--fault-kinds",
        type=_fault_kinds_arg,
        metavar="LIST",
        # the names of replica.server.FAULT_KINDS
        help="comma-separated kinds of fault (default: all): 500, 502, 503 (no Retry-After), "
        "reset, stall, truncated (short of its Content-Length), cut (close-delimited, cut "
        "short), soft (a 200 error page), empty (200, no body), challenge (a CDN bot check)",
    )
    rep.add_argument(
        "--fault-seed", type=int, default=0, metavar="N", help="seed of the fault draws"
    )
    rep.add_argument(
        "--fault-stall",
        type=_seconds_arg,
        default=40.0,
        metavar="SECONDS",
        help="a stall fault sends nothing for SECONDS, then closes (default 40: longer than "
        "the crawler's download timeout)",
    )
    rep.add_argument(
        "--block-host",
        type=_block_host_arg,
        action="append",
        metavar="HOST",
        help="answer every request (but robots.txt) for the site of HOST with a CDN challenge "
        "page (repeatable)",
    )
    rep.set_defaults(func=cmd_replica)

    demo = sub.add_parser("demo", help="crawl a fresh replica into the archive folder")
    demo.add_argument("--articles", type=int, default=500)
    demo.add_argument("--archive-dir", default="output")
    demo.add_argument("--log-level", default="INFO")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "articles", 1) < 1:
        parser.error(f"--articles must be at least 1, got {args.articles}")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
