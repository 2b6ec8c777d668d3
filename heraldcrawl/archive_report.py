"""`heraldcrawl archive verify|stats`: read-only checks and summaries of an archive folder."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import orjson

from heraldcrawl.archive import (
    UNDATED,
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
                if not _compressed_copy(path, part):  # a damaged copy is named above
                    found.append(f"{manifest.name}: {part['path']} is missing")
            elif path.stat().st_size < part["bytes"]:
                found.append(f"{manifest.name}: {part['path']} is shorter than when written")
            elif file_sha256(path, part["bytes"]) != part["sha256"]:
                found.append(f"{manifest.name}: {part['path']} changed since the run wrote it")
    return found


def _compressed_copy(path: Path, part: dict) -> bool:
    """Whether a compressed part of the same day begins with what the run wrote to `path`."""
    if not path.parent.is_dir():
        return False
    for gz in compressed_parts(path):
        try:
            if file_sha256(gz, part["bytes"]) == part["sha256"]:
                return True
        except _read_errors():
            continue  # unreadable: `verify` reports it with the partitions
    return False


def _read_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged partition raises: OS errors (a bad gzip stream is one), a
    truncated stream, a missing zstandard module, and zstandard's own error when it is there."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, RuntimeError)
    try:
        import zstandard
    except ImportError:
        return errors
    return (*errors, zstandard.ZstdError)


def count_all_lines(root: Path) -> int:
    """Lines in every readable partition (`verify` names the ones that cannot be read)."""
    total = 0
    for path in partitions(root):
        try:
            with open_lines(path) as fh:
                total += sum(1 for _ in fh)
        except _read_errors():
            continue
    return total


def _day(published: object) -> str:
    if not isinstance(published, str) or not published:
        return UNDATED
    try:
        return datetime.fromisoformat(published).date().isoformat()
    except ValueError:  # verify reports it; here it only cannot be placed on a day
        return UNDATED


def stats(root: Path, top: int = 20) -> dict:
    """Articles (latest revision of each id) per day, month, year, site, layout, section and
    author (the `top` most credited), with the first and last day and the partitions that could
    not be read. `per_day`, `per_month` and `per_year` are keyed `<site> <period>`."""
    # Only the fields counted are kept, so memory stays small on a large archive.
    latest: dict[object, tuple] = {}
    lines = 0
    unreadable: list[str] = []
    for path in partitions(root):
        try:
            with open_lines(path) as fh:
                for line in fh:
                    lines += 1
                    try:
                        r = orjson.loads(line)
                    except orjson.JSONDecodeError:
                        continue
                    if not isinstance(r, dict):
                        continue
                    revision = r.get("revision", 1)
                    known = latest.get(r.get("id"))
                    if not isinstance(revision, int) or (known and revision < known[0]):
                        continue
                    authors = [
                        a["name"]
                        for a in r.get("authors") or []
                        if isinstance(a, dict) and isinstance(a.get("name"), str)
                    ]
                    latest[r.get("id")] = (
                        revision,
                        str(r.get("site")),
                        _day(r.get("published")),
                        r.get("section") or "(none)",
                        r.get("layout") or "(none)",
                        authors,
                        r.get("agency"),
                    )
        except _read_errors():
            unreadable.append(path.relative_to(root).as_posix())
    per_day: Counter[str] = Counter()
    per_site: Counter[str] = Counter()
    per_layout: Counter[str] = Counter()
    per_section: Counter[str] = Counter()
    per_author: Counter[str] = Counter()
    for _, site, day, section, layout, authors, agency in latest.values():
        per_day[f"{site} {day}"] += 1
        per_site[site] += 1
        per_layout[layout] += 1
        per_section[f"{site} {section}"] += 1
        for name in authors:
            per_author[name] += 1
        if not authors:
            per_author[f"({agency or 'no credit'})"] += 1
    days = sorted({key.split(" ", 1)[1] for key in per_day} - {UNDATED})
    return {
        "articles": len(latest),
        "lines": lines,
        "per_day": dict(sorted(per_day.items())),
        "per_section": dict(per_section.most_common()),
        "per_author": dict(per_author.most_common(top)),
        "per_month": _regroup(per_day, 7),
        "per_year": _regroup(per_day, 4),
        "per_site": dict(per_site.most_common()),
        "per_layout": dict(per_layout.most_common()),
        "authors": len(per_author),
        "undated": sum(n for key, n in per_day.items() if key.endswith(f" {UNDATED}")),
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
        "unreadable": unreadable,
    }


def _regroup(per_day: Counter[str], width: int) -> dict[str, int]:
    """`<site> YYYY-MM-DD` counts summed by the first `width` characters of the day."""
    out: Counter[str] = Counter()
    for key, count in per_day.items():
        site, day = key.split(" ", 1)
        if day != UNDATED:
            out[f"{site} {day[:width]}"] += count
    return dict(sorted(out.items()))


GROUPINGS = {"day": "per_day", "month": "per_month", "year": "per_year"}


def default_grouping(data: dict) -> str:
    """`month` when the dated articles span under two years (a year table would be a line or
    two), else `year`."""
    first, last = data.get("first_day"), data.get("last_day")
    if not first or not last:
        return "year"
    span = date.fromisoformat(last) - date.fromisoformat(first)
    return "month" if span.days < 730 else "year"


def format_stats(
    data: dict, by: str | None = None, top: int = 10, root: Path | None = None
) -> Iterator[str]:
    """The text of `heraldcrawl archive stats`: totals, per site, a table of articles per
    `by` (day, month or year; default `default_grouping`) and site, layouts, and the `top`
    sections and authors. Yields lines."""
    where = f"archive {root}: " if root is not None else ""
    if not data["articles"]:
        yield f"{where}no articles ({data['lines']:,} lines)"
        yield from _unreadable_lines(data)
        return
    span = f", published {data['first_day']} to {data['last_day']}" if data.get("first_day") else ""
    undated = f", {data['undated']:,} undated" if data.get("undated") else ""
    yield f"{where}{data['articles']:,} articles in {data['lines']:,} lines{span}{undated}"
    sites = list(data.get("per_site") or {})
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    for key in data["per_day"]:  # sorted, so the first day seen of a site is its first
        site, day = key.split(" ", 1)
        if day != UNDATED:
            first.setdefault(site, day)
            last[site] = day
    width = max(len(s) for s in [*sites, "site"])
    yield f"  {'site':<{width}}  {'articles':>9}  first day   last day"
    for site in sites:
        yield (
            f"  {site:<{width}}  {data['per_site'][site]:>9,}  "
            f"{first.get(site, '-'):<10}  {last.get(site, '-')}"
        )
    by = by or default_grouping(data)
    table: dict[str, Counter[str]] = {}
    for key, count in data[GROUPINGS[by]].items():
        site, period = key.split(" ", 1)
        table.setdefault(period, Counter())[site] += count
    if table:
        yield f"per {by}:"
        yield f"  {by:<10}  {'total':>9}" + "".join(f"  {s:>{len(s)}}" for s in sites)
        for period in sorted(table):
            row = table[period]
            cells = "".join(f"  {row[s]:>{len(s)},}" for s in sites)
            yield f"  {period:<10}  {sum(row.values()):>9,}{cells}"
    yield "layouts: " + ", ".join(f"{k} {v:,}" for k, v in data.get("per_layout", {}).items())
    for title, key, total in (
        ("sections", "per_section", len(data["per_section"])),
        ("authors", "per_author", data.get("authors", len(data["per_author"]))),
    ):
        shown = list(data[key].items())[:top]
        yield f"top {len(shown)} {title} of {total:,}:"
        for name, count in shown:
            yield f"  {count:9,}  {name}"
    yield from _unreadable_lines(data)


def _unreadable_lines(data: dict) -> Iterator[str]:
    if bad := data.get("unreadable"):
        yield (
            f"{len(bad)} partition(s) could not be read and are not counted (first: {bad[0]}); "
            "`heraldcrawl archive verify` lists them"
        )


def print_stats(data: dict, by: str | None = None, root: Path | None = None) -> None:
    for line in format_stats(data, by, root=root):
        print(line)
