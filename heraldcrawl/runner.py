"""`heraldcrawl run MODE`: a crawl for cron, with a lock, a summary line and a judged exit status.

Exit statuses (also in README.md): 0 success, 2 bad arguments, 3 site unreachable, 4 drift alarm
or failed requests above HERALD_MAX_ERROR_RATE, 5 another run holds the archive's lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from heraldcrawl.outcome import EXIT_BAD_ARGS, EXIT_LOCKED, judge, total


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
    fh.truncate()
    fh.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
    fh.flush()
    try:
        yield
    finally:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


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
        check_invocation(spargs, settings.get("HERALD_BASE_URL"))
        check_fsync_mode(settings.get("HERALD_FSYNC_MODE", "auto"))
    except (ArgumentError, ValueError) as exc:
        print(f"heraldcrawl run: {exc}", file=sys.stderr)
        return EXIT_BAD_ARGS
    archive = Path(settings.get("HERALD_ARCHIVE_DIR") or "output")
    started = time.monotonic()
    try:
        with run_lock(archive):
            process = CrawlerProcess(settings)
            crawler = process.create_crawler("herald")
            process.crawl(crawler, **spargs)
            process.start()
    except LockHeld as exc:
        print(f"heraldcrawl run: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    stats = crawler.stats.get_stats() if crawler.stats else {}
    outcome = judge(stats, settings.getfloat("HERALD_MAX_ERROR_RATE", 0.1))
    errors = total(stats, "herald/errors/")
    duplicates = total(stats, "herald/dedup/")
    print(
        f"heraldcrawl run {stats.get('herald/run_id', '?')} ({mode}): "
        f"{stats.get('herald/archive/new', 0)} new, {stats.get('herald/revisions/new', 0)} "
        f"revised, {duplicates} duplicates, {stats.get('herald/rejected/total', 0)} rejected, "
        f"{errors} errors, {time.monotonic() - started:.1f} s; manifest "
        f"{stats.get('herald/manifest', 'none')}",
        file=sys.stderr,
    )
    if outcome.code:
        print(f"heraldcrawl run: {outcome.message}", file=sys.stderr)
    return outcome.code
