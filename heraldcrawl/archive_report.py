"""`heraldcrawl archive verify|stats`: read-only checks and summaries of an archive folder."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import orjson

from heraldcrawl.archive import (
    compressed_parts,
    file_sha256,
    open_lines,
    partition_day,
    partition_path,
    partitions,
)
from heraldcrawl.pipelines import problems

MAX_REPORTED = 20


def verify(root: Path) -> list[str]:
    """Problems found in the archive (empty when it verifies): unparseable or invalid lines,
    torn tails, records in the wrong partition, duplicate ids other than revisions, revisions
    with gaps, and manifests that no longer match their files."""
    found: list[str] = []
    revisions: dict[str, list[int]] = {}
    for path in partitions(root):
        rel = path.relative_to(root).as_posix()
        try:
            with open_lines(path) as fh:
                data = fh.read()
        except (OSError, EOFError) as exc:
            found.append(f"{rel}: cannot be read ({exc})")
            continue
        if data and not data.endswith(b"\n"):
            found.append(
                f"{rel}: torn last line (run a crawl, or `heraldcrawl archive reindex`, "
                "to move it aside)"
            )
        for number, line in enumerate(data.splitlines(), 1):
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                found.append(f"{rel}:{number}: not a JSON object")
                continue
            for reason, fld in problems(record):
                found.append(f"{rel}:{number}: {record.get('id')}: {reason} in {fld}")
            if "id" not in record:
                continue
            home = partition_path(root, record)
            if (home.parent, partition_day(home)) != (path.parent, partition_day(path)):
                found.append(
                    f"{rel}:{number}: {record['id']} belongs in {home.relative_to(root).as_posix()}"
                )
            revisions.setdefault(record["id"], []).append(record.get("revision", 1))
    for aid, revs in revisions.items():
        if sorted(revs) != list(range(1, len(revs) + 1)):
            found.append(f"{aid}: revisions {sorted(revs)}; expected 1..{len(revs)} once each")
    for manifest in sorted((root / "_manifests").glob("*.json")):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            found.append(f"{manifest.name}: not valid JSON")
            continue
        for part in data.get("partitions", []):
            path = root / part["path"]
            if not path.is_file():
                if not _compressed_copy(path, part):
                    found.append(f"{manifest.name}: {part['path']} is missing")
            elif path.stat().st_size < part["bytes"]:
                found.append(f"{manifest.name}: {part['path']} is shorter than when written")
            elif file_sha256(path, part["bytes"]) != part["sha256"]:
                found.append(f"{manifest.name}: {part['path']} changed since the run wrote it")
    return found


def _compressed_copy(path: Path, part: dict) -> bool:
    """Whether a compressed part of the same day begins with what the run wrote to `path`."""
    return path.parent.is_dir() and any(
        file_sha256(gz, part["bytes"]) == part["sha256"] for gz in compressed_parts(path)
    )


def count_all_lines(root: Path) -> int:
    total = 0
    for path in partitions(root):
        with open_lines(path) as fh:
            total += sum(1 for _ in fh)
    return total


def stats(root: Path, top: int = 20) -> dict:
    """Articles (latest revision of each id) per day, per section and per author."""
    latest: dict[str, dict] = {}
    for path in partitions(root):
        with open_lines(path) as fh:
            for line in fh:
                try:
                    r = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if r.get("revision", 1) >= latest.get(r.get("id"), {}).get("revision", 0):
                    latest[r.get("id")] = r
    per_day: Counter[str] = Counter()
    per_section: Counter[str] = Counter()
    per_author: Counter[str] = Counter()
    for r in latest.values():
        day = (
            datetime.fromisoformat(r["published"]).date().isoformat()
            if r.get("published")
            else "undated"
        )
        per_day[f"{r.get('site')} {day}"] += 1
        per_section[f"{r.get('site')} {r.get('section') or '(none)'}"] += 1
        for a in r.get("authors") or []:
            per_author[a["name"]] += 1
        if not r.get("authors"):
            per_author[f"({r.get('agency') or 'no credit'})"] += 1
    return {
        "articles": len(latest),
        "lines": count_all_lines(root),
        "per_day": dict(sorted(per_day.items())),
        "per_section": dict(per_section.most_common()),
        "per_author": dict(per_author.most_common(top)),
    }


def print_stats(data: dict) -> None:
    print(f"{data['articles']} articles in {data['lines']} lines")
    for title, key in (
        ("per day", "per_day"),
        ("per section", "per_section"),
        ("per author (top)", "per_author"),
    ):
        print(f"\n{title}:")
        for name, count in data[key].items():
            print(f"  {count:7d}  {name}")
