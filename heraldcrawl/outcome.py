"""Judge a finished crawl from its stats: `scrapy crawl` exits 0 even when nothing worked."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_BAD_ARGS = 2
EXIT_UNREACHABLE = 3
EXIT_DRIFT = 4  # also: failed requests above HERALD_MAX_ERROR_RATE
EXIT_LOCKED = 5


@dataclass(frozen=True)
class Outcome:
    code: int
    message: str


def total(stats: dict, prefix: str) -> int:
    """Sum of the integer stats whose names start with `prefix`."""
    return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))


def judge(stats: dict, max_error_rate: float = 0.1) -> Outcome:
    unreachable = sorted(k.split("/", 2)[2] for k in stats if k.startswith("herald/unreachable/"))
    fetched = stats.get("downloader/response_count", 0) - stats.get("robotstxt/response_count", 0)
    if unreachable and fetched <= 0:
        reason = stats.get(f"herald/unreachable/{unreachable[0]}")
        detail = f" ({reason})" if isinstance(reason, str) else ""
        return Outcome(
            EXIT_UNREACHABLE,
            f"could not reach {', '.join(unreachable)}{detail}; check the network, or crawl the "
            "offline replica with -s HERALD_BASE_URL=http://127.0.0.1:PORT",
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
        named = sorted(
            k.split("/", 2)[2]
            for k in stats
            if k.startswith("herald/drift/") and k != "herald/drift/alarms"
        )
        return Outcome(
            EXIT_DRIFT,
            f"{alarms} drift alarm(s): {', '.join(named)}; the page "
            "design may have changed, see the log",
        )
    return Outcome(EXIT_OK, "")
