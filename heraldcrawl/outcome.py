"""Judge a finished crawl from its stats: `scrapy crawl` exits 0 even when nothing worked.

`scrapy crawl herald` and `heraldcrawl run` both end through `judge`, so they exit alike:

    0    every article the run was asked for is archived or was known already
    2    bad arguments or settings, or a component that could not start
    3    a site could not be reached, or blocks the crawler
    4    a drift alarm, or failed requests above HERALD_MAX_ERROR_RATE
    5    another run holds the archive's lock
    6    incomplete: an article found in this run is neither archived nor known (it is in the
         ledger: `heraldcrawl archive pending`), a list page failed, a backfill window was not
         covered, one of the sites could not be reached, or HERALD_MAX_RUNTIME cut the run
    7    the archive could not be written (disk full, read-only, permissions)
    130  stopped by SIGINT (Ctrl-C), 143 by SIGTERM: lines written are durable, the manifest
         says `interrupted`, and what was in flight is in the ledger
"""

from __future__ import annotations

import signal
from dataclasses import dataclass

EXIT_OK = 0
EXIT_BAD_ARGS = 2
EXIT_UNREACHABLE = 3
EXIT_DRIFT = 4  # also: failed requests above HERALD_MAX_ERROR_RATE
EXIT_LOCKED = 5
EXIT_INCOMPLETE = 6
EXIT_UNWRITABLE = 7


def exit_for_signal(signum: int) -> int:
    """The shell's convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM)."""
    return 128 + int(signum)


SIGNAL_EXITS = {exit_for_signal(signal.SIGINT), exit_for_signal(signal.SIGTERM)}


@dataclass(frozen=True)
class Outcome:
    code: int
    message: str


def total(stats: dict, prefix: str) -> int:
    """Sum of the integer stats whose names start with `prefix`."""
    return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))


def _named(stats: dict, prefix: str) -> list[str]:
    return sorted(k[len(prefix) :] for k in stats if k.startswith(prefix))


def judge(stats: dict, max_error_rate: float = 0.1) -> Outcome:
    """The exit status and a one-line message for a crawl that ran (see the module doc)."""
    if unwritable := stats.get("herald/archive/unwritable"):
        return Outcome(
            EXIT_UNWRITABLE,
            f"the archive folder could not be written ({unwritable}); free space or fix its "
            "permissions and run again; lines already archived are safe, and what was not "
            "written is in the ledger (heraldcrawl archive pending)",
        )
    if stats.get("finish_reason") == "start_error":
        return Outcome(EXIT_BAD_ARGS, "the crawl could not start; the log names the error")
    if (signum := stats.get("herald/signal")) and isinstance(signum, int):
        return Outcome(
            exit_for_signal(signum),
            f"stopped by {signal.Signals(signum).name}; lines written are durable and what was "
            "in flight is in the ledger (heraldcrawl archive pending)",
        )
    unreachable = _named(stats, "herald/unreachable/")
    fetched = stats.get("downloader/response_count", 0) - stats.get("robotstxt/response_count", 0)
    if unreachable and fetched <= 0:
        reason = stats.get(f"herald/unreachable/{unreachable[0]}")
        detail = f" ({reason})" if isinstance(reason, str) else ""
        return Outcome(
            EXIT_UNREACHABLE,
            f"could not reach {', '.join(unreachable)}{detail}; check the network, or crawl the "
            "offline replica with -s HERALD_BASE_URL=http://127.0.0.1:PORT",
        )
    if blocked := _named(stats, "herald/blocked/"):
        return Outcome(
            EXIT_UNREACHABLE,
            f"{', '.join(blocked)} blocked the crawler (bot challenges or 403); it was asked no "
            "more; try again later, or from another address",
        )
    errors = total(stats, "herald/errors/")
    requests = stats.get("downloader/request_count", 0)
    if errors > max(10, max_error_rate * requests):
        return Outcome(
            EXIT_DRIFT,
            f"{errors} of {requests} requests failed (more than {max_error_rate:.0%}); see the log",
        )
    alarms = stats.get("herald/drift/alarms", 0)
    if isinstance(alarms, int) and alarms > 0:
        named = [k for k in _named(stats, "herald/drift/") if k != "alarms"]
        return Outcome(
            EXIT_DRIFT,
            f"{alarms} drift alarm(s): {', '.join(named)}; the page "
            "design may have changed, see the log",
        )
    missed = stats.get("herald/pending/not_archived", 0)
    lists = stats.get("herald/pending/failed_lists", 0)
    window = stats.get("herald/backfill/window_incomplete", 0)
    unrecorded = stats.get("herald/pending/unrecorded", 0)
    bugs = total(stats, "spider_exceptions/")
    stopped = stats.get("herald/stopped/max_runtime")
    # Hosts the start-up check could not reach (their value is the reason; requests that
    # timed out later count as numbers and are in the ledger).
    skipped = [h for h in unreachable if isinstance(stats[f"herald/unreachable/{h}"], str)]
    if missed or lists or window or unrecorded or skipped or stopped or bugs:
        parts = []
        if bugs:
            parts.append(f"{bugs} page(s) raised in the spider (see the log)")
        if skipped:
            parts.append(f"could not reach {', '.join(skipped)}, which was not crawled")
        if stopped:
            parts.append(f"stopped after HERALD_MAX_RUNTIME ({stopped} s)")
        if unrecorded:
            parts.append(f"{unrecorded} failure(s) could not be filed in the ledger")
        if missed:
            parts.append(f"{missed} not archived (heraldcrawl archive pending)")
        if lists:
            parts.append(f"{lists} list page(s) failed")
        if window:
            parts.append("the backfill window was not covered")
        return Outcome(EXIT_INCOMPLETE, "incomplete: " + "; ".join(parts))
    return Outcome(EXIT_OK, "")
