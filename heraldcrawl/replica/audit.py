"""Account for every replica article after a crawl: archived intact, archived damaged, pending
in the ledger with a reason, or unaccounted for (the silent loss a run must never have).

Used by `bench/bench_faults.py` and the end-to-end fault tests; the truth is the file
`heraldcrawl replica --truth` writes, and legacy addresses in the ledger are mapped to the
article they redirect to through the same seeded replica. `density` gives both benchmarks the
figures that depend on how densely the replica publishes.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import orjson

from heraldcrawl.archive import State, open_lines, partitions
from heraldcrawl.extract.lists import read_list
from heraldcrawl.replica.generator import Replica
from heraldcrawl.replica.server import ReplicaSite
from heraldcrawl.urls import article_id

# Fields a crawl sets itself, or whose exact value the truth cannot know.
NOT_COMPARED = frozenset({"id", "fetched_at", "fetched_url", "provenance", "revision"})


def read_truth(path: Path) -> dict[str, dict]:
    with path.open("rb") as fh:
        return {r["id"]: r for r in map(orjson.loads, fh)}


def latest_records(root: Path) -> tuple[dict[str, dict], int]:
    """The latest revision of each archived article, and how many lines repeat an (id,
    revision) pair (an article archived twice)."""
    latest: dict[str, dict] = {}
    seen: set[tuple[str, int]] = set()
    doubled = 0
    for path in partitions(root):
        with open_lines(path) as fh:
            for line in fh:
                record = orjson.loads(line)
                key = (record["id"], record.get("revision") or 1)
                doubled += key in seen
                seen.add(key)
                if record["id"] not in latest or key[1] >= latest[record["id"]]["revision"]:
                    latest[record["id"]] = record
    return latest, doubled


def audit(root: Path, truth: dict[str, dict], replica: Replica) -> dict:
    """Counts (`archived`, `damaged`, `pending`, `unaccounted`, `doubled`, `extra`) and the
    first few ids of each problem."""
    archived, doubled = latest_records(root)
    pending: dict[str, dict] = {}
    if (root / "_state" / "state.sqlite").exists():
        state = State(root)
        try:
            rows = state.pending(None)
        finally:
            state.close()
        site = ReplicaSite(replica)
        for row in rows:
            if row["kind"] == "article" and (aid := _truth_id(row["id"], replica)):
                pending[aid] = row
            elif row["kind"] == "list":
                # The articles of a list page in the ledger: the next run reads it first.
                for link in _listed(site, row["url"]):
                    if (key := article_id(link)) and (aid := _truth_id(key, replica)):
                        pending.setdefault(aid, row)
    damaged = [
        aid
        for aid, record in archived.items()
        if aid in truth
        and any(record.get(k) != v for k, v in truth[aid].items() if k not in NOT_COMPARED)
    ]
    intact = [aid for aid in archived if aid in truth and aid not in set(damaged)]
    missing = [aid for aid in truth if aid not in archived]
    unaccounted = [aid for aid in missing if aid not in pending]
    return {
        "truth": len(truth),
        "archived": len(intact),
        "damaged": len(damaged),
        "pending": len([aid for aid in missing if aid in pending]),
        "unaccounted": len(unaccounted),
        "doubled": doubled,
        "extra": len([aid for aid in archived if aid not in truth]),
        "reasons": sorted({pending[a]["reason"] for a in missing if a in pending}),
        "examples": {"damaged": damaged[:5], "unaccounted": unaccounted[:5]},
    }


def _listed(site: ReplicaSite, url: str) -> list[str]:
    """The article links a list page of the replica shows when it does not fault."""
    parts = urlsplit(url)
    status, headers, body = site.handle(parts.hostname, url[url.index(parts.path) :])
    if status != 200:
        return []
    return [link for link, _ in read_list(body, url, headers.get("Content-Type"))["items"]]


def _truth_id(key: str, replica: Replica) -> str | None:
    """The truth id of a ledger key: itself, or the article a legacy address redirects to."""
    parts = key.split(":")
    if len(parts) == 3 and parts[1] == "ud":
        skeleton = replica.by_ud.get((parts[0], parts[2]))
        return skeleton.record_id if skeleton is not None else None
    return key


def density(root: Path, replica: Replica, list_pages: int | None = None) -> str:
    """One line of the figures that depend on how densely the replica publishes: records per
    partition (one site's publication day) inside the dense window and in the tail, and list
    pages a crawl fetched per day of the window (the tail's few pages included)."""
    window_from = replica.dense_start.date().isoformat()
    window: list[int] = []
    tail: list[int] = []
    for path in partitions(root):
        if path.parts[-4] not in ("koreaherald", "heraldbiz"):
            continue
        day = path.name[:10]  # partitions are SITE/YYYY/MM/YYYY-MM-DD.jsonl[.gz|.zst]
        with open_lines(path) as fh:
            count = sum(1 for _ in fh)
        (window if day >= window_from else tail).append(count)
    days = replica.span_days

    def spread(counts: list[int]) -> str:
        if not counts:
            return "none"
        return f"mean {sum(counts) / len(counts):.1f}, max {max(counts)} ({len(counts)})"

    text = (
        f"density: records per partition in the {days:g}-day window {spread(window)}, "
        f"in the tail {spread(tail)}"
    )
    if list_pages is not None:
        text += f"; list pages {list_pages}, {list_pages / days:.1f} per day of the window"
    return text
