"""`heraldcrawl run MODE`: a crawl for cron, with a lock, a summary line and a judged exit status.

`scrapy crawl herald` ends through the same `execute`, so both take the lock and exit alike;
the statuses are listed in heraldcrawl/outcome.py and README.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from heraldcrawl.outcome import (
    EXIT_BAD_ARGS,
    EXIT_LOCKED,
    EXIT_UNWRITABLE,
    Outcome,
    judge,
    total,
)

logger = logging.getLogger(__name__)


class LockHeld(RuntimeError):
    pass


@contextmanager
def run_lock(archive: Path):
    """An exclusive lock on the archive folder, released when the process ends, however."""
    path = archive / "_state" / "run.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = path.open("a+")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "unknown"
        fh.close()
        raise LockHeld(
            f"another run holds the lock on {archive} ({holder}); it may still be "
            f"running; this run exits without crawling"
        ) from None
    fh.seek(0)
    left = fh.read().strip()
    if left and (pid := _lock_pid(left)) and pid != os.getpid():
        # The kernel let go of the lock when its holder died; say whose lock is taken over.
        alive = "still running but no longer holds it" if _alive(pid) else "no longer running"
        print(
            f"heraldcrawl: taking over the lock on {archive} left by pid {pid} ({alive}; {left})",
            file=sys.stderr,
        )
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
    fh.flush()
    try:
        yield
    finally:
        # A holder line left in the file means the run died holding the lock.
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
            fh.flush()
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def _lock_pid(text: str) -> int | None:
    head = text.split(",", 1)[0]
    if head.startswith("pid ") and head[4:].strip().isdigit():
        return int(head[4:])
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    out = {}
    for value in values:
        name, eq, val = value.partition("=")
        if not eq or not name:
            raise ValueError(f"{flag} {value!r} is not NAME=VALUE")
        out[name.strip()] = val
    return out


def run(
    mode: str, spider_args: list[str], settings_args: list[str], log_file: str | None = None
) -> int:
    """Run one crawl in this process and return its exit status."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "heraldcrawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from heraldcrawl.pipelines import check_fsync_mode
    from heraldcrawl.spiders.herald import ArgumentError, check_invocation

    try:
        spargs = _pairs(spider_args, "-a")
        overrides = _pairs(settings_args, "-s")
        if "mode" in spargs and spargs["mode"] != mode:
            raise ValueError(f"-a mode={spargs['mode']} contradicts the mode {mode!r}")
        spargs["mode"] = mode
        settings = get_project_settings()
        settings.setdict(overrides, priority="cmdline")
        if log_file:
            settings.set("LOG_FILE", log_file, priority="cmdline")
        check_fsync_mode(settings.get("HERALD_FSYNC_MODE", "auto"))
        check_invocation(spargs, settings.get("HERALD_BASE_URL"), settings=settings)
    except (ArgumentError, ValueError) as exc:
        print(f"heraldcrawl run: {exc}", file=sys.stderr)
        return EXIT_BAD_ARGS
    return execute(CrawlerProcess(settings), settings, spargs, "heraldcrawl run", mode)


def _watch_signals(process, crawler) -> None:
    """Remember which signal stopped the run (its exit status is 128 + the number), then let
    Scrapy stop as it does: gracefully on the first, at once on the second."""
    graceful, kill = process._signal_shutdown, process._signal_kill

    def note(signum: int) -> None:
        if crawler.stats is not None and not crawler.stats.get_value("herald/signal"):
            crawler.stats.set_value("herald/signal", int(signum))
        if not getattr(crawler, "herald_stop_reason", None):
            crawler.herald_stop_reason = signal.Signals(signum).name

    def on_first(signum: int, frame: Any) -> None:
        note(signum)
        graceful(signum, frame)

    def on_second(signum: int, frame: Any) -> None:
        note(signum)
        kill(signum, frame)

    process._signal_shutdown = on_first
    process._signal_kill = on_second


def _catch_bootstrap(started, errors: list[BaseException]) -> None:
    """Keep the exception of a crawl that could not start (a component raising)."""
    if isinstance(started, asyncio.Future):

        def done(task: asyncio.Future) -> None:
            if not task.cancelled() and task.exception() is not None:
                errors.append(task.exception())

        started.add_done_callback(done)
    elif hasattr(started, "addErrback"):

        def failed(failure):
            errors.append(failure.value)
            logger.debug("the crawl could not start", exc_info=failure.value)

        started.addErrback(failed)


def execute(process, settings, spargs: dict[str, str], label: str, mode: str) -> int:
    """Run the herald crawl in `process` under the archive's lock; print the summary line and
    the outcome; return the exit status."""
    from heraldcrawl.pipelines import ArchiveUnwritable

    archive = Path(settings.get("HERALD_ARCHIVE_DIR") or "output")
    started = time.monotonic()
    errors: list[BaseException] = []
    lock = run_lock(archive)
    try:
        lock.__enter__()
    except LockHeld as exc:
        print(f"{label}: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as exc:
        print(
            f"{label}: cannot use the archive folder {archive} ({exc.strerror or exc}); "
            "choose a writable folder with -s HERALD_ARCHIVE_DIR=PATH",
            file=sys.stderr,
        )
        return EXIT_UNWRITABLE
    try:
        crawler = process.create_crawler("herald")
        _watch_signals(process, crawler)
        _catch_bootstrap(process.crawl(crawler, **spargs), errors)
        process.start()
    finally:
        lock.__exit__(None, None, None)
    try:
        stats = crawler.stats.get_stats() if crawler.stats else {}
    except (AttributeError, RuntimeError):  # the crawler failed before it had stats
        stats = {}
    if errors and not stats.get("herald/run_id"):
        exc = errors[0]
        if isinstance(exc, OSError):
            outcome = Outcome(EXIT_UNWRITABLE, str(exc))
        else:
            outcome = Outcome(
                EXIT_BAD_ARGS, f"the crawl could not start: {type(exc).__name__}: {exc}"
            )
        print(f"{label}: {outcome.message}", file=sys.stderr)
        return outcome.code
    outcome = judge(stats, settings.getfloat("HERALD_MAX_ERROR_RATE", 0.1))
    if errors and isinstance(errors[0], ArchiveUnwritable) and not outcome.code:
        outcome = Outcome(EXIT_UNWRITABLE, str(errors[0]))
    print(summary(stats, mode, time.monotonic() - started, label), file=sys.stderr)
    if outcome.code:
        print(f"{label}: {outcome.message}", file=sys.stderr)
    return outcome.code


def summary(stats: dict, mode: str, seconds: float, label: str = "heraldcrawl run") -> str:
    """The one line a run ends with."""
    errors = total(stats, "herald/errors/")
    duplicates = total(stats, "herald/dedup/")
    missed = stats.get("herald/pending/not_archived", 0)
    line = (
        f"{label} {stats.get('herald/run_id', '?')} ({mode}): "
        f"{stats.get('herald/archive/new', 0)} new, {stats.get('herald/revisions/new', 0)} "
        f"revised, {duplicates} duplicates, {stats.get('herald/rejected/total', 0)} rejected, "
        f"{errors} errors, "
    )
    if missed:
        line += f"{missed} not archived (heraldcrawl archive pending), "
    if stats.get("herald/backfill/window_incomplete"):
        line += "window not covered, "
    return line + f"{seconds:.1f} s; manifest {stats.get('herald/manifest', 'none')}"
