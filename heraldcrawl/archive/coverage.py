"""`heraldcrawl archive stats` (and coverage): summaries of an archive folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import orjson

from heraldcrawl.archive.files import UNDATED, open_lines, partitions
from heraldcrawl.archive.verify import _read_errors


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
