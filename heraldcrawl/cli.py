"""The `heraldcrawl` command: scheduled runs, archive tools, the offline replica and the demo.

heraldcrawl run latest|backfill|urls [-a NAME=VALUE]... [-s NAME=VALUE]... [--log-file PATH]
heraldcrawl archive verify|stats|reindex|compress|pending|coverage [DIR] [-s HERALD_ARCHIVE_DIR=DIR]
                    [--json] [--by day|month|year] [--older-than DAYS] [--format gzip|zstd]
                    [--html FILE]
heraldcrawl archive export --format parquet OUT [DIR] [--all-revisions]
heraldcrawl reparse [DIR] [--since D] [--until D] [--site S] [--layout L] [--ids-file F]
heraldcrawl replica --port PORT --articles N --truth FILE [--span DAYS | --start DAY]
                    [--faults RATE] [--block-host HOST]
heraldcrawl demo [--articles N] [--archive-dir DIR] [-s NAME=VALUE]...
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
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


def _mutate_arg(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        seed = -1
    if seed < 0:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a redesign seed, a whole number 0 or more, such as 1"
        )
    return seed


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
            ReplicaSite(replica, mutate=args.mutate),
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


def _setting_pairs(values: list[str] | None) -> dict[str, str]:
    """`-s NAME=VALUE` options as a dict (the last of a name wins, as in Scrapy)."""
    out: dict[str, str] = {}
    for value in values or []:
        name, eq, val = value.partition("=")
        if not eq or not name.strip():
            raise ValueError(f"-s {value!r} is not NAME=VALUE")
        out[name.strip()] = val
    return out


class _LineCounter:
    """Counts the complete lines of an archive's partitions, reading only the bytes appended
    since the last count, so polling a growing archive stays cheap."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: dict[Path, tuple[int, int]] = {}  # path -> (bytes read, lines in them)

    def count(self) -> int:
        from heraldcrawl.archive import is_compressed, open_lines, partitions

        total = 0
        for path in partitions(self.root):
            try:
                size = path.stat().st_size
                read, lines = self.seen.get(path, (0, 0))
                if size != read:
                    if is_compressed(path) or size < read:
                        with open_lines(path) as fh:
                            read, lines = size, sum(1 for _ in fh)
                    else:
                        with path.open("rb") as fh:
                            fh.seek(read)
                            lines += fh.read(size - read).count(b"\n")
                            read = size
                    self.seen[path] = (read, lines)
            except (OSError, EOFError, RuntimeError):
                continue  # a file being replaced, or unreadable: the summary reads it again
            total += lines
        return total


class _Progress:
    """A progress bar: one line redrawn with \r on a terminal; elsewhere (a pipe, a CI log) a
    plain line at each quarter, so a log gets at most three."""

    WIDTH = 30

    def __init__(self, total: int, stream=None) -> None:
        self.total = max(1, total)
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.drawn = 0  # length of the line on screen (terminal only)
        self.quarters = 0
        self.requests: int | None = None
        self.started = time.monotonic()

    def _line(self, done: int, requests: int | None = None) -> str:
        share = min(1.0, done / self.total)
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        seconds = time.monotonic() - self.started
        asked = f", {requests:,} requests" if requests else ""
        return f"  [{bar}] {done:,}/{self.total:,} records {share:4.0%}{asked}  {seconds:.0f} s"

    def update(self, done: int, requests: int | None = None) -> None:
        self.requests = requests or self.requests  # the last count, once the replica is gone
        requests = self.requests
        if self.tty:
            line = self._line(done, requests)
            self.stream.write("\r" + line + " " * max(0, self.drawn - len(line)))
            self.stream.flush()
            self.drawn = len(line)
            return
        reached = min(3, done * 4 // self.total)
        if reached > self.quarters:  # one line however many quarters this step crossed
            self.quarters = reached
            print(self._line(done, requests).strip(), file=self.stream, flush=True)

    def note(self, text: str) -> None:
        """Print a line (a crawl error) without breaking the bar."""
        if self.tty and self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.drawn = 0
        print(text, file=self.stream, flush=True)

    def finish(self, done: int) -> None:
        if self.tty:
            self.update(done)
            self.stream.write("\n")
            self.stream.flush()


class _LogErrors:
    """The ERROR and CRITICAL lines a crawl appends to its log file, read as they come."""

    MARKERS = ("] ERROR: ", "] CRITICAL: ")

    CHUNK = 4 * 2**20  # read per poll, so a verbose log cannot stall the bar

    def __init__(self, path: Path, offset: int = 0) -> None:
        self.path = path
        self.offset = offset  # where this run's lines begin (the log may be appended to)
        self.rest = b""
        self.count = 0

    def new(self) -> list[str]:
        try:
            with self.path.open("rb") as fh:
                fh.seek(self.offset)
                data = fh.read(self.CHUNK)
        except OSError:
            return []
        self.offset += len(data)
        *lines, self.rest = (self.rest + data).split(b"\n")
        found = []
        for raw in lines:
            line = raw.decode("utf-8", "replace")
            if any(m in line for m in self.MARKERS):
                self.count += 1
                found.append(line)
        return found

    def rest_of_log(self, max_reads: int = 256) -> list[str]:
        """Every error line still unread (up to `max_reads` chunks: 1 GB of log)."""
        found: list[str] = []
        for _ in range(max_reads):
            before = self.offset
            found += self.new()
            if self.offset == before:
                break
        return found


class _ReplicaRequests:
    """Requests the replica has answered (its /_replica/stats), less our own asking: the bar
    moves while the crawl reads list pages, before the first batch of records is on disk."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/") + "/_replica/stats"
        self.asked = 0

    def count(self) -> int | None:
        import urllib.request

        self.asked += 1
        try:
            with urllib.request.urlopen(self.url, timeout=1) as answer:
                return max(0, int(json.load(answer)["requests"]) - self.asked)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # the bar goes on without it


# What the crawl's exit status means (heraldcrawl/outcome.py has the details).
EXIT_MEANINGS = {
    2: "bad arguments or settings, or a component that could not start",
    3: "a site could not be reached, or blocks the crawler",
    4: "a drift alarm, or failed requests above HERALD_MAX_ERROR_RATE",
    5: "another run holds the archive's lock",
    6: "incomplete: some articles are not archived (`heraldcrawl archive pending` lists them)",
    7: "the archive could not be written",
    130: "stopped by Ctrl-C",
    143: "stopped by SIGTERM",
}
# Errors the demo shows as they come; the rest are counted and left in the log.
DEMO_SHOWN_ERRORS = 5


def _shell_double_quoted(text: str) -> str:
    """`text` in shell double quotes (which keep the single quotes of Python and SQL)."""
    for char in ("\\", '"', "$", "`"):
        text = text.replace(char, "\\" + char)
    return f'"{text}"'


def _next_steps(archive: Path) -> list[str]:
    """Three commands to try after the demo: read one record, load the archive, crawl for
    real (into a folder of its own: the demo's records are the replica's, not the papers')."""
    from shlex import quote

    from heraldcrawl.archive import GZ, UNDATED, ZST, partition_day, partitions

    dated = [p for p in partitions(archive) if partition_day(p) != UNDATED]
    sample = max(dated or partitions(archive), key=partition_day)
    reader = {GZ: "gzip -dc", ZST: "zstd -dc"}.get("".join(sample.suffixes[-2:]))
    head = f"head -n1 {quote(str(sample))}"
    if reader:
        head = f"{reader} {quote(str(sample))} | head -n1"
    # Per site and recursive: undated records sit a folder higher than dated ones.
    sites = sorted({p.relative_to(archive).parts[0] for p in partitions(archive)})
    pattern = [str(archive / site / "**" / "*.jsonl*") for site in sites]
    duck = (
        f"import duckdb; duckdb.read_json({pattern!r}, format='newline_delimited')"
        ".aggregate('site, layout, count(*) AS records').show()"
    )
    return [
        "next:",
        "  look at one record:",
        f"    {head} | python -m json.tool",
        "  load it in DuckDB (in pandas: pd.read_json(FILE, lines=True)):",
        f"    python -c {_shell_double_quoted(duck)}",
        "  crawl the real sites, into a folder of their own:",
        "    heraldcrawl run latest -s HERALD_ARCHIVE_DIR=herald-archive "
        "-s HERALD_CONTACT_URL=mailto:you@example.org",
        "    (HERALD_CONTACT_URL goes in the user agent: an e-mail or page where the papers can "
        "reach you)",
    ]


def cmd_demo(args: argparse.Namespace) -> int:
    """Crawl a fresh replica into the archive folder with a progress bar and a short summary;
    the crawl's log and full stats go to files under the archive. Exits as the crawl did."""
    from heraldcrawl.outcome import EXIT_UNWRITABLE

    archive = Path(args.archive_dir).resolve()
    try:
        extra = _setting_pairs(args.s)
    except ValueError as exc:
        print(f"heraldcrawl demo: {exc}", file=sys.stderr)
        return EXIT_BAD_ARGS
    for name in ("HERALD_BASE_URL", "HERALD_ARCHIVE_DIR"):
        if name in extra:
            print(
                f"heraldcrawl demo: -s {name} is the demo's own (the replica's address and "
                "--archive-dir); give the folder with --archive-dir",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
    try:
        (archive / "_logs").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(
            f"heraldcrawl demo: cannot create {archive / '_logs'} ({exc.strerror or exc}); "
            "choose a writable --archive-dir",
            file=sys.stderr,
        )
        return EXIT_UNWRITABLE
    settings = {
        "HERALD_ARCHIVE_DIR": str(archive),
        "LOG_LEVEL": args.log_level,
        # The log goes to a file, so the terminal keeps the bar; errors are echoed from it.
        "LOG_FILE": str(archive / "_logs" / "demo.log"),
        "LOG_FILE_APPEND": "False",
        "STATS_DUMP": "False",
        "HERALD_STATS_FILE": str(archive / "_logs" / "demo-stats.json"),
        **extra,
    }
    log, stats_file = Path(settings["LOG_FILE"]), Path(settings["HERALD_STATS_FILE"])
    appending = settings["LOG_FILE_APPEND"].strip().lower() in ("1", "true", "yes", "on")
    if not appending:
        # Scrapy truncates it; gone first, the errors read from it are this run's alone.
        with contextlib.suppress(OSError):
            log.unlink()
    counter = _LineCounter(archive)
    before = counter.count()
    try:
        replica, url = start_replica(args.articles)
    except RuntimeError as exc:
        print(f"heraldcrawl demo: {exc}", file=sys.stderr)
        return 1
    settings["HERALD_BASE_URL"] = url
    print(
        f"heraldcrawl demo: crawling a replica of {args.articles:,} articles ({url}) into "
        f"{archive}",
        flush=True,
    )
    cmd = [sys.executable, "-m", "scrapy", "crawl", "herald"]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
    progress = _Progress(args.articles)
    requests = _ReplicaRequests(url)
    errors = _LogErrors(log, log.stat().st_size if appending and log.is_file() else 0)
    said: list[str] = []  # the crawl's own stdout and stderr: its summary line, its outcome
    started = time.monotonic()
    try:
        crawl = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

        def drain() -> None:
            assert crawl.stdout is not None
            for line in crawl.stdout:
                if len(said) < 10_000:  # bounded: a runaway child cannot fill memory
                    said.append(line.rstrip("\n"))

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        pause = 0.25 if progress.tty else 1.0
        try:
            while crawl.poll() is None:
                time.sleep(pause)
                scan = time.monotonic()
                progress.update(counter.count() - before, requests.count())
                # A large archive takes longer to scan: poll it less often.
                pause = max(pause, 5 * (time.monotonic() - scan))
                for line in errors.new():
                    if errors.count <= DEMO_SHOWN_ERRORS:
                        progress.note(line)
        except KeyboardInterrupt:
            # The terminal sent SIGINT to the crawl too: it stops gracefully and says so (130);
            # a second Ctrl-C, or a minute, stops it at once.
            try:
                crawl.wait(timeout=60)
            except (KeyboardInterrupt, subprocess.TimeoutExpired):
                crawl.kill()
                crawl.wait(timeout=10)
        reader.join(timeout=10)
    finally:
        replica.terminate()
        replica.wait(timeout=10)
    code = crawl.returncode
    seconds = time.monotonic() - started
    after = counter.count()
    progress.finish(after - before)
    for line in errors.rest_of_log():
        if errors.count <= DEMO_SHOWN_ERRORS:
            progress.note(line)
    if errors.count > DEMO_SHOWN_ERRORS:
        print(f"... {errors.count - DEMO_SHOWN_ERRORS} more errors in {log}")
    if said:
        with contextlib.suppress(OSError), log.open("a", encoding="utf-8") as fh:
            fh.write("--- the crawl's stdout and stderr ---\n" + "\n".join(said) + "\n")
    # Its summary line repeats ours; anything else it printed (its outcome, a traceback) shows.
    other = [s for s in said if not (s.startswith("heraldcrawl ") and " new, " in s)]
    for line in other[-5:]:
        print(f"  crawl: {line}")
    return _demo_summary(archive, code, seconds, after - before, log, stats_file)


def _demo_summary(
    archive: Path, code: int, seconds: float, new: int, log: Path, stats_file: Path
) -> int:
    from heraldcrawl import archive_report

    data = archive_report.stats(archive)
    status = "exit 0" if code == 0 else f"exit {code}: {EXIT_MEANINGS.get(code, 'see the log')}"
    held = f"; the folder holds {data['lines']:,}" if data["lines"] != new else ""
    print(f"archived {new:,} records in {seconds:.1f} s ({status}): {archive}{held}")
    names = ", ".join
    if data["lines"]:
        print(f"  per site:    {names(f'{k} {v:,}' for k, v in data['per_site'].items())}")
        print(f"  per layout:  {names(f'{k} {v:,}' for k, v in data['per_layout'].items())}")
        print("  files:       <site>/<YYYY>/<MM>/<YYYY-MM-DD>.jsonl, one JSON record a line")
    full = f"; full stats {stats_file}" if stats_file.exists() else ""
    print(f"  crawl log:   {log}{full}")
    if data["lines"]:  # next steps need records to look at
        print()
        for line in _next_steps(archive):
            print(line)
    return code


def cmd_reparse(args: argparse.Namespace) -> int:
    """Re-extract stored pages into revisions; see heraldcrawl/archive/reparse.py."""
    from heraldcrawl.archive import reparse
    from heraldcrawl.outcome import exit_for_signal
    from heraldcrawl.runner import LockHeld, run_lock

    label = "heraldcrawl reparse"
    root = _archive_dir(args.dir)
    if problem := _archive_folder_problem(root, "reparse"):
        problem = problem.replace("DIR, -s HERALD_ARCHIVE_DIR=PATH or", "DIR or")
        print(f"{label}: {problem}", file=sys.stderr)
        return EXIT_BAD_ARGS
    if args.since and args.until and args.since > args.until:
        print(f"{label}: --since {args.since:%Y-%m-%d} is after --until", file=sys.stderr)
        return EXIT_BAD_ARGS
    if args.workers is not None and args.workers < 0:
        print(f"{label}: --workers must be 0 (inline) or more", file=sys.stderr)
        return EXIT_BAD_ARGS
    ids = None
    if args.ids_file:
        try:
            text = Path(args.ids_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{label}: cannot read --ids-file {args.ids_file}: {exc}", file=sys.stderr)
            return EXIT_BAD_ARGS
        ids = frozenset(
            line.strip() for line in text.splitlines() if line.strip() and line[:1] != "#"
        )
        if not ids:
            print(
                f"{label}: --ids-file {args.ids_file} lists no record id (one id a line, "
                "such as koreaherald:ud:20190821000123)",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
    if args.layout is not None:
        from heraldcrawl.extract import LAYOUTS

        known = sorted({cls.name for cls in LAYOUTS} | {"unknown"})
        if args.layout not in known:
            print(
                f"{label}: --layout {args.layout} is no page design; give one of "
                f"{', '.join(known)}",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
    filters = reparse.Filters(
        since=args.since.date() if args.since else None,
        until=args.until.date() if args.until else None,
        site=args.site,
        layout=args.layout,
        ids=ids,
    )
    stop = threading.Event()

    def on_signal(signum: int, frame) -> None:
        stop.signum = signum  # type: ignore[attr-defined]
        stop.set()

    old = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    arguments = {k: v for k, v in vars(args).items() if k not in ("func", "command")}
    arguments = {
        k: (v.date().isoformat() if isinstance(v, datetime) else v) for k, v in arguments.items()
    }
    try:
        with run_lock(root):
            outcome = reparse.reparse(
                root, filters, workers=args.workers, stop=stop, arguments=arguments
            )
    except LockHeld as exc:
        print(f"{label}: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    print(reparse.summary(outcome))
    if stop.is_set():
        return exit_for_signal(getattr(stop, "signum", signal.SIGTERM))
    return outcome.code


def cmd_run(args: argparse.Namespace) -> int:
    from heraldcrawl.runner import run

    return run(args.mode, args.a or [], args.s or [], args.log_file)


# The settings archive commands read. Any other -s is refused: a setting taken and ignored would
# let `archive compress -s HERALD_FSYNC_MODE=files` look as if it did something.
ARCHIVE_SETTINGS = ("HERALD_ARCHIVE_DIR",)
# Actions that write into the folder (the run lock, the state, new partitions).
ARCHIVE_WRITERS = ("reindex", "compress", "reparse")
SQLITE_HEADER = b"SQLite format 3\x00"


def _archive_dir(value: str | None, overrides: dict[str, str] | None = None) -> Path:
    """The folder an archive command works on: the positional DIR, then -s HERALD_ARCHIVE_DIR,
    then the environment variable, then the settings default."""
    if value:
        return Path(value)
    if (overrides or {}).get("HERALD_ARCHIVE_DIR"):
        return Path((overrides or {})["HERALD_ARCHIVE_DIR"])
    from heraldcrawl import settings

    return Path(os.environ.get("HERALD_ARCHIVE_DIR") or settings.HERALD_ARCHIVE_DIR)


def _archive_setting_problem(name: str) -> str | None:
    """Why `-s NAME=` cannot be given to an archive command, or None if it can."""
    if name in ARCHIVE_SETTINGS:
        return None
    import difflib

    from scrapy.settings import default_settings

    from heraldcrawl import settings as project

    known = {n for n in (*vars(project), *vars(default_settings)) if n.isupper()}
    if name in known:
        return (
            f"-s {name} has no effect on archive commands; they read only "
            f"{', '.join(ARCHIVE_SETTINGS)}"
        )
    close = difflib.get_close_matches(name, [*ARCHIVE_SETTINGS, *sorted(known)], n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"-s {name} is not a setting{hint}; archive commands take -s HERALD_ARCHIVE_DIR=PATH"


def _archive_folder_problem(root: Path, action: str) -> str | None:
    """What makes `root` unusable for `action`, as one line that says what to do; None if
    nothing does."""
    from heraldcrawl.archive import STATE_DIR

    root = root.absolute()  # a relative default (output) is named where it was looked for
    where = (
        "give the folder a crawl archived into (DIR, -s HERALD_ARCHIVE_DIR=PATH or the "
        "HERALD_ARCHIVE_DIR environment variable)"
    )
    try:
        if not root.exists():
            return f"no archive folder at {root}; {where}"
        if not root.is_dir():
            return f"{root} is a file, not an archive folder; {where}"
    except OSError as exc:  # a parent folder that cannot be searched
        return f"cannot look at {root} ({exc.strerror or exc}); {where}"
    if not os.access(root, os.R_OK | os.X_OK):
        return (
            f"cannot read the archive folder {root} (permission denied); run as its owner or "
            "give this user read access"
        )
    if action in ARCHIVE_WRITERS and not os.access(root, os.W_OK):
        return (
            f"cannot write to the archive folder {root} (read-only or permission denied); "
            f"{action} writes into it: run as its owner or make it writable"
        )
    state = root / STATE_DIR / "state.sqlite"
    if state.exists():
        try:
            with state.open("rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            return (
                f"cannot read the state database {state} ({exc.strerror or exc}); run as the "
                f"archive's owner, or {_rebuild_advice(root)}"
            )
        if head and head != SQLITE_HEADER:  # an empty file is a new SQLite database
            return f"{state} is not an SQLite database; {_rebuild_advice(root)}"
    return None


def _rebuild_advice(root: Path) -> str:
    from heraldcrawl.archive import STATE_DIR

    state = root.absolute() / STATE_DIR / "state.sqlite"
    return (
        f"move it aside (mv {state} {state}.broken), then `heraldcrawl archive reindex "
        f"{root.absolute()}` rebuilds it from the partitions (its ledger of pending articles "
        "starts empty)"
    )


def cmd_archive(args: argparse.Namespace) -> int:
    label = f"heraldcrawl archive {args.action}"
    try:
        overrides = _setting_pairs(args.s)
    except ValueError as exc:
        print(f"{label}: {exc}", file=sys.stderr)
        return EXIT_BAD_ARGS
    for name in overrides:
        if problem := _archive_setting_problem(name):
            print(f"{label}: {problem}", file=sys.stderr)
            return EXIT_BAD_ARGS
    if problem := _archive_args_problem(args):
        print(f"{label}: {problem}", file=sys.stderr)
        return EXIT_BAD_ARGS
    if args.action == "export":  # export OUT [DIR]: the folder is the second positional
        args.out, args.dir = args.dir, args.dir2
    root = _archive_dir(args.dir, overrides)
    if problem := _archive_folder_problem(root, args.action):
        print(f"{label}: {problem}", file=sys.stderr)
        return EXIT_BAD_ARGS
    import sqlite3

    # The checks above catch the usual cases; this turns whatever else the disk throws (a file
    # unreadable deep inside, a state that breaks while in use) into one line, not a traceback.
    try:
        return _archive_action(args, root)
    except BrokenPipeError:
        # The reader left early (`| head`): no message, and none at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except sqlite3.Error as exc:
        problem = f"cannot use the state database of {root} ({exc}); {_rebuild_advice(root)}"
    except OSError as exc:
        if exc.errno is None:  # not the system's refusal: a damaged file (a bad gzip stream)
            return _archive_damaged(label, root, exc)
        named = f": {exc.filename}" if exc.filename else ""
        problem = (
            f"cannot use the archive folder {root} ({exc.strerror or exc}{named}); check this "
            "user can read it (and, for reindex and compress, write it)"
        )
    except (EOFError, RuntimeError) as exc:
        return _archive_damaged(label, root, exc)
    print(f"{label}: {problem}", file=sys.stderr)
    return EXIT_BAD_ARGS


# `--format` of each action that takes one, the first being the default.
ARCHIVE_FORMATS = {"compress": ("gzip", "zstd"), "export": ("parquet",)}


def _archive_args_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the options of an archive action, as one line; None if nothing."""
    formats = ARCHIVE_FORMATS.get(args.action)
    if args.format is not None and formats is None:
        return f"--format is for compress ({', '.join(ARCHIVE_FORMATS['compress'])}) and export"
    if formats is not None:
        args.format = args.format or formats[0]
        if args.format not in formats:
            return f"unknown --format {args.format!r}; {args.action} writes {' or '.join(formats)}"
    if args.action == "export":
        if not args.dir:
            return "give the folder to write: heraldcrawl archive export --format parquet OUT [DIR]"
    elif args.dir2 is not None:
        return f"one archive folder only (got {args.dir!r} and {args.dir2!r})"
    if args.all_revisions and args.action != "export":
        return "--all-revisions is for export"
    if args.html and args.action != "coverage":
        return "--html is for coverage"
    return None


def _archive_damaged(label: str, root: Path, exc: BaseException) -> int:
    print(
        f"{label}: cannot read the archive folder {root} ({exc}); `heraldcrawl archive verify "
        f"{root}` names the damaged files",
        file=sys.stderr,
    )
    return EXIT_BAD_ARGS


def _archive_action(args: argparse.Namespace, root: Path) -> int:
    from heraldcrawl import archive, archive_report

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
    if args.action == "export":
        return _export(root, Path(args.out), args.all_revisions)
    if args.action == "coverage":
        return _coverage(root, args.json, args.html)
    if args.action == "stats":
        data = archive_report.stats(root)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            archive_report.print_stats(data, args.by, root)
        # Counts that miss an unreadable partition are not the archive's: say so in the status.
        return 1 if data["unreadable"] else 0
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


def _export(root: Path, out: Path, all_revisions: bool) -> int:
    """`heraldcrawl archive export --format parquet OUT [DIR]`."""
    import duckdb

    from heraldcrawl.archive.export import ExportError, export_parquet

    try:
        done = export_parquet(root, out, all_revisions=all_revisions)
    except ExportError as exc:
        print(f"heraldcrawl archive export: {exc}", file=sys.stderr)
        return EXIT_BAD_ARGS
    except duckdb.Error as exc:  # a damaged partition, a full disk: OUT is not left behind
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(
            f"heraldcrawl archive export: could not export {root} ({first}); nothing was "
            f"written to {out}, and `heraldcrawl archive verify {root}` names damaged files",
            file=sys.stderr,
        )
        return 1
    which = "every revision" if all_revisions else "the latest revision of each article"
    print(
        f"exported {done['rows']:,} records ({which}) from {done['partitions_read']:,} partitions "
        f"of {root} to {out} in {done['seconds']:.1f} s: {done['files']} Parquet files under "
        "site=<site>/year=<YYYY>/"
    )
    return 0


def _coverage(root: Path, as_json: bool, html: str | None) -> int:
    """`heraldcrawl archive coverage [DIR] [--json] [--html FILE]`."""
    from heraldcrawl.archive import coverage

    if html:
        target = Path(html)
        if not target.parent.is_dir():
            print(
                f"heraldcrawl archive coverage: --html {html}: no folder {target.parent} to "
                "write the page into; give a path in an existing folder",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
    data = coverage.coverage(root)
    if html:
        try:
            Path(html).write_text(coverage.coverage_html(data), encoding="utf-8")
        except OSError as exc:
            print(
                f"heraldcrawl archive coverage: cannot write --html {html} "
                f"({exc.strerror or exc}); give a writable path",
                file=sys.stderr,
            )
            return EXIT_BAD_ARGS
    if as_json:
        sys.stdout.write(orjson.dumps(data["days"], option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        for line in coverage.format_coverage(data, root):
            print(line)
        if html:
            print(f"heat-map and field coverage: {html}")
    return 1 if data["unreadable"] else 0


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
                + _rebuild_advice(root),
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
    parser.herald_sub = sub  # main() reaches the archive parser through it

    run = sub.add_parser("run", help="one crawl for cron: lock, summary line, exit status")
    run.add_argument("mode", choices=("latest", "backfill", "urls"))
    run.add_argument("-a", action="append", metavar="NAME=VALUE", help="spider argument")
    run.add_argument("-s", action="append", metavar="NAME=VALUE", help="Scrapy setting")
    run.add_argument("--log-file", help="write the crawl log to this file")
    run.set_defaults(func=cmd_run)

    arc = sub.add_parser(
        "archive",
        help="verify, summarise, reindex, compress or export an archive folder, or list what "
        "it misses",
    )
    arc.add_argument(
        "action",
        choices=("verify", "stats", "reindex", "compress", "pending", "coverage", "export"),
    )
    arc.add_argument(
        "dir",
        nargs="?",
        help="archive folder (default: -s HERALD_ARCHIVE_DIR=, else the HERALD_ARCHIVE_DIR "
        "environment variable, else output); for export, OUT, the folder to write",
    )
    arc.add_argument("dir2", nargs="?", metavar="DIR", help="export: the archive folder")
    arc.add_argument(
        "-s",
        action="append",
        metavar="NAME=VALUE",
        help="setting, as for heraldcrawl run; archive commands read only HERALD_ARCHIVE_DIR",
    )
    arc.add_argument(
        "--json",
        action="store_true",
        help="stats, pending or coverage as JSON (stats: every day, section and top-20 author; "
        "coverage: one object per site and day)",
    )
    arc.add_argument(
        "--by",
        choices=("day", "month", "year"),  # archive_report.GROUPINGS, not imported: slow
        help="stats text: count articles per day, month or year (default: month, the last 24 "
        "months shown and earlier ones in one line; --json has them all)",
    )
    arc.add_argument(
        "--older-than",
        type=int,
        default=30,
        metavar="DAYS",
        help="compress: day partitions more than DAYS days old (default 30)",
    )
    arc.add_argument(
        "--format",
        help="compress: gzip (default; .jsonl.gz) or zstd (.jsonl.zst, needs heraldcrawl[zstd]); "
        "export: parquet (default)",
    )
    arc.add_argument(
        "--all-revisions",
        action="store_true",
        help="export: every revision of each article (default: the latest only)",
    )
    arc.add_argument(
        "--html",
        metavar="FILE",
        help="coverage: also write a self-contained page with a heat-map per site and the "
        "coverage of each field per layout over time",
    )
    arc.set_defaults(func=cmd_archive)

    rp = sub.add_parser(
        "reparse",
        help="re-extract stored pages (WARC) with the current extractor into revisions",
        description="Read each article's latest revision back from its WARC record, extract it "
        "again with the current extractor, and archive a record whose fields changed as a new "
        "revision (revised_by: reparse). Holds the run lock, writes a manifest, and can be "
        "killed and run again. Exit status: 0 done, 2 bad arguments, 5 locked, 6 some pages "
        "could not be read or extracted, 7 the archive cannot be written, 130/143 stopped.",
    )
    rp.add_argument("dir", nargs="?", help="archive folder (default: HERALD_ARCHIVE_DIR or output)")
    rp.add_argument("--since", type=_date_arg, help="first publication day (YYYY-MM-DD, KST)")
    rp.add_argument("--until", type=_date_arg, help="last publication day (YYYY-MM-DD, KST)")
    rp.add_argument("--site", choices=("koreaherald", "heraldbiz"), help="one site only")
    rp.add_argument("--layout", help="only records of this layout (kh-legacy, hb-current...)")
    rp.add_argument("--ids-file", metavar="F", help="only the record ids listed in F, one a line")
    rp.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="extracting processes (default: one per core; 0 extracts in this process)",
    )
    rp.set_defaults(func=cmd_reparse)

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
    rep.add_argument(
        "--mutate",
        type=_mutate_arg,
        metavar="SEED",
        help="serve every article page rewritten as redesign SEED would print it (classes and "
        "ids renamed, tags and header order changed, dateline and byline moved, lang changed, "
        "JSON-LD dropped on about half the pages), with the same text; lists, feeds and "
        "robots.txt unchanged; /_replica/stats names the seed",
    )
    rep.set_defaults(func=cmd_replica)

    demo = sub.add_parser(
        "demo",
        help="crawl a fresh replica into the archive folder",
        description="Start a replica of both sites on 127.0.0.1, crawl it into the archive "
        "folder with a progress bar, then print what was archived and three commands to try "
        "next. The crawl's log goes to <archive>/_logs/demo.log (its errors are shown as they "
        "come) and its full stats, as JSON, to <archive>/_logs/demo-stats.json "
        "(HERALD_STATS_FILE). Scrapy's stats dump is off: -s STATS_DUMP=True writes it to the "
        "log, -s HERALD_STATS_FILE=PATH moves the JSON. Exits with the crawl's status.",
    )
    demo.add_argument("--articles", type=int, default=500, help="replica articles (default 500)")
    demo.add_argument("--archive-dir", default="output", help="archive folder (default output)")
    demo.add_argument("--log-level", default="INFO", help="level of the crawl log file")
    demo.add_argument(
        "-s",
        action="append",
        metavar="NAME=VALUE",
        help="Scrapy setting for the crawl, such as STATS_DUMP=True or HERALD_STATS_FILE=PATH",
    )
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["archive"]:
        # Options may come before the folders (`export --format parquet OUT DIR`): plain
        # parse_args would take the positionals in one go at the action and refuse them.
        args = parser.herald_sub.choices["archive"].parse_intermixed_args(argv[1:])
        args.command = "archive"
    else:
        args = parser.parse_args(argv)
    if getattr(args, "articles", 1) < 1:
        parser.error(f"--articles must be at least 1, got {args.articles}")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
