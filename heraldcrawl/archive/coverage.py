"""`heraldcrawl archive stats` and `heraldcrawl archive coverage`: summaries of an archive folder.

Both stream the partitions once, a day at a time, and keep only counters: memory stays flat
however large the archive. A line is parsed without its body (the longest value, which neither
counts), and the days are shared between two worker processes on a large archive. Counts are of
the latest revision of each article: within a day from the lines themselves, across days from
the state's list of revised articles (`_state/state.sqlite`), when there is one.
"""

from __future__ import annotations

import html as html_lib
import os
import sqlite3
import statistics
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from heraldcrawl.archive.files import (
    STATE_DIR,
    UNDATED,
    open_lines,
    partition_day,
    partitions,
    read_errors,
)

# Fields whose presence `coverage` follows per layout and month (a redesign shows as a drop).
COVERED_FIELDS = (
    "published",
    "updated",
    "authors",
    "agency",
    "section",
    "subtitle",
    "images",
    "byline_raw",
    "dateline_raw",
)
# The gap rule: a day with no article, or under GAP_SHARE of the site's median daily count over
# the GAP_WINDOW days around it (half before, half after, the day itself left out).
GAP_SHARE = 0.2
GAP_WINDOW = 28
MAX_GAPS_PRINTED = 40
# Below this many bytes of partitions one process reads them all: starting workers costs more.
PARALLEL_BYTES = 64 << 20
WORKERS = 2

_BODY = b'"body":"'


def _parse(line: bytes) -> Any:
    """The record of a line, its body left empty: the body is most of the bytes, and skipping
    it saves building a long string. The body's end is the first quote not escaped by an odd
    run of backslashes; a line where that fails is parsed whole."""
    start = line.find(_BODY)
    if start >= 0:
        pos = start + len(_BODY)
        while (quote := line.find(b'"', pos)) >= 0:
            back = quote - 1
            while line[back] == 0x5C:  # backslash
                back -= 1
            if (quote - 1 - back) % 2 == 0:
                try:
                    return orjson.loads(line[:start] + b'"body":""' + line[quote + 1 :])
                except orjson.JSONDecodeError:
                    break
            pos = quote + 1
    return orjson.loads(line)


def _day_groups(root: Path) -> list[list[Path]]:
    """The partitions of each (site folder, day), in order: a day's plain file and compressed
    parts sort together."""
    groups: list[list[Path]] = []
    last = None
    for path in partitions(root):
        key = (path.parent, partition_day(path))
        if key != last:
            groups.append([])
            last = key
        groups[-1].append(path)
    return groups


def _empty_tally() -> dict[str, Any]:
    return {
        "lines": 0,
        "bad_lines": 0,
        "per_day": Counter(),
        "per_layout": Counter(),
        "per_section": Counter(),
        "per_author": Counter(),
        # (layout, month) -> [articles, then one count per COVERED_FIELDS]
        "fields": {},
        "unreadable": [],
    }


def _tally(root: str, groups: list[list[str]], revised: dict[str, int]) -> dict[str, Any]:
    """Counters of the latest revision of each article in these day groups (a worker's share).

    `revised` holds the latest revision of each article the state knows in more than one: a
    line of such an article counts only at that revision, wherever its day."""
    out = _empty_tally()
    per_day, per_layout, per_section, per_author, fields = (
        out["per_day"],
        out["per_layout"],
        out["per_section"],
        out["per_author"],
        out["fields"],
    )
    errors = read_errors()
    for group in groups:
        day = partition_day(Path(group[0]))
        latest: dict[Any, tuple[int, dict]] = {}
        for name in group:
            try:
                with open_lines(Path(name)) as fh:
                    data = fh.read()
            except errors:
                out["unreadable"].append(Path(name).relative_to(root).as_posix())
                continue
            for line in data.splitlines():
                out["lines"] += 1
                try:
                    r = _parse(line)
                except orjson.JSONDecodeError:
                    out["bad_lines"] += 1
                    continue
                if not isinstance(r, dict):
                    out["bad_lines"] += 1
                    continue
                revision = r.get("revision", 1)
                if not isinstance(revision, int):
                    continue
                aid = r.get("id")
                if revised and isinstance(aid, str) and revised.get(aid, revision) != revision:
                    continue  # a revision the state knows a later one of
                known = latest.get(aid)
                if known is None or revision >= known[0]:
                    latest[aid] = (revision, r)
        month = day[:7]
        for _, r in latest.values():
            site = str(r.get("site"))
            per_day[f"{site} {day}"] += 1
            layout = r.get("layout") or "(none)"
            per_layout[layout] += 1
            per_section[f"{site} {r.get('section') or '(none)'}"] += 1
            names = [
                a["name"]
                for a in r.get("authors") or ()
                if isinstance(a, dict) and isinstance(a.get("name"), str)
            ]
            for n in names:
                per_author[n] += 1
            if not names:
                per_author[f"({r.get('agency') or 'no credit'})"] += 1
            if day != UNDATED:
                row = fields.get((layout, month))
                if row is None:
                    row = fields[(layout, month)] = [0] * (1 + len(COVERED_FIELDS))
                row[0] += 1
                for k, f in enumerate(COVERED_FIELDS, 1):
                    if r.get(f):
                        row[k] += 1
    return out


def _revised(root: Path) -> dict[str, int]:
    """The latest revision of each article the state knows in more than one (few: corrections),
    read-only; empty without a state."""
    path = root / STATE_DIR / "state.sqlite"
    if not path.is_file():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(db.execute("SELECT id, revision FROM articles WHERE revision > 1"))
        finally:
            db.close()
    except sqlite3.Error:
        return {}  # counted from the lines alone


def scan(root: Path) -> dict[str, Any]:
    """One pass over the archive: the counters `stats` and `coverage` are made of."""
    groups = _day_groups(root)
    revised = _revised(root)
    named = [[str(p) for p in g] for g in groups]
    size = sum(p.stat().st_size for g in groups for p in g)
    if size < PARALLEL_BYTES or len(named) < WORKERS or (os.cpu_count() or 1) < 2:
        return _tally(str(root), named, revised)
    # Contiguous shares of about equal bytes, so each worker reads its days in order.
    shares: list[list[list[str]]] = [[] for _ in range(WORKERS)]
    done, k = 0, 0
    for g, group in zip(groups, named, strict=True):
        shares[k].append(group)
        done += sum(p.stat().st_size for p in g)
        if done >= size * (k + 1) / WORKERS and k < WORKERS - 1:
            k += 1
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        parts = list(pool.map(_tally, [str(root)] * WORKERS, shares, [revised] * WORKERS))
    out = _empty_tally()
    for part in parts:
        for key in ("lines", "bad_lines"):
            out[key] += part[key]
        for key in ("per_day", "per_layout", "per_section", "per_author"):
            out[key].update(part[key])
        for key, row in part["fields"].items():
            mine = out["fields"].setdefault(key, [0] * len(row))
            for i, v in enumerate(row):
                mine[i] += v
        out["unreadable"] += part["unreadable"]
    return out


def stats(root: Path, top: int = 20, tally: dict[str, Any] | None = None) -> dict:
    """Articles (latest revision of each id) per day, month, year, site, layout, section and
    author (the `top` most credited), with the first and last day and the partitions that could
    not be read. `per_day`, `per_month` and `per_year` are keyed `<site> <period>`."""
    t = tally or scan(root)
    per_day: Counter[str] = t["per_day"]
    per_site: Counter[str] = Counter()
    for key, n in per_day.items():
        per_site[key.split(" ", 1)[0]] += n
    days = sorted({key.split(" ", 1)[1] for key in per_day} - {UNDATED})
    return {
        "articles": sum(per_day.values()),
        "lines": t["lines"],
        "per_day": dict(sorted(per_day.items())),
        "per_section": dict(t["per_section"].most_common()),
        "per_author": dict(t["per_author"].most_common(top)),
        "per_month": _regroup(per_day, 7),
        "per_year": _regroup(per_day, 4),
        "per_site": dict(per_site.most_common()),
        "per_layout": dict(t["per_layout"].most_common()),
        "authors": len(t["per_author"]),
        "undated": sum(n for key, n in per_day.items() if key.endswith(f" {UNDATED}")),
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
        "unreadable": t["unreadable"],
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
    """Archives are summarised by month unless asked otherwise (`--by day` or `year`)."""
    return "month"


# The default month table shows this many recent months; the rest is one line (a screenful).
RECENT_MONTHS = 24


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
    asked = by is not None
    by = by or default_grouping(data)
    table: dict[str, Counter[str]] = {}
    for key, count in data[GROUPINGS[by]].items():
        site, period = key.split(" ", 1)
        table.setdefault(period, Counter())[site] += count
    if table:
        yield f"per {by}:"
        yield f"  {by:<10}  {'total':>9}" + "".join(f"  {s:>{len(s)}}" for s in sites)
        periods = sorted(table)
        if not asked and len(periods) > RECENT_MONTHS:
            earlier = periods[:-RECENT_MONTHS]
            periods = periods[-RECENT_MONTHS:]
            n = sum(sum(table[p].values()) for p in earlier)
            yield (
                f"  ... {len(earlier)} earlier months, {n:,} articles, from {earlier[0]} "
                "(--by year or --by month for all of them, --json for every day)"
            )
        for period in periods:
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


# -- coverage ----------------------------------------------------------------------------------


def _pending_by_day(root: Path) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Ledger articles still pending, by (site, day) where the id tells the day (a legacy id
    begins with it, `koreaherald:ud:20190821000123`), and by site where it does not."""
    placed: Counter[tuple[str, str]] = Counter()
    unplaced: Counter[str] = Counter()
    path = root / STATE_DIR / "state.sqlite"
    if not path.is_file():
        return placed, unplaced
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT id FROM pending WHERE state = 'pending' AND kind = 'article'"
        ).fetchall()
    except sqlite3.Error:
        rows = []  # a state made before the ledger: nothing pending
    finally:
        db.close()
    for (key,) in rows:
        site, _, rest = str(key).partition(":")
        kind, _, number = rest.partition(":")
        day = None
        if kind == "ud" and len(number) >= 8 and number[:8].isdigit():
            try:
                day = date(int(number[:4]), int(number[4:6]), int(number[6:8])).isoformat()
            except ValueError:
                day = None
        if day:
            placed[(site, day)] += 1
        else:
            unplaced[site] += 1
    return placed, unplaced


def _backfill(site: str, first: str, last: str, root: Path) -> str:
    return (
        f"heraldcrawl run backfill -a site={site} -a since={first} -a until={last} "
        f"-s HERALD_ARCHIVE_DIR={root}"
    )


def coverage(root: Path) -> dict[str, Any]:
    """Per site and Korea-time day from the site's first archived day to its last: `archived`
    (distinct articles), `pending` (the ledger's, where the id tells the day) and `gap` (see
    GAP_SHARE); with the gaps as runs of days, each with the backfill command that fills it,
    and the share of articles with each field per layout and month."""
    t = scan(root)
    unreadable = t["unreadable"]
    counts = []
    undated: Counter[str] = Counter()
    for key, n in t["per_day"].items():
        site, day = key.split(" ", 1)
        if day == UNDATED:
            undated[site] += n
        else:
            counts.append((site, day, n))
    pending, pending_unplaced = _pending_by_day(root)
    by_site: dict[str, dict[str, int]] = {}
    for site, day, n in counts:
        by_site.setdefault(site, {})[day] = n
    for site, _day in pending:
        by_site.setdefault(site, {})
    days_out: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    for site in sorted(by_site):
        archived = by_site[site]
        known = sorted(set(archived) | {d for s, d in pending if s == site})
        if not known:
            continue
        first, last = date.fromisoformat(known[0]), date.fromisoformat(known[-1])
        span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        series = [archived.get(d.isoformat(), 0) for d in span]
        half = GAP_WINDOW // 2
        run: list[dict[str, Any]] = []  # the rows of the gap being walked
        for i, d in enumerate(span):
            around = series[max(0, i - half) : i] + series[i + 1 : i + 1 + half]
            usual = statistics.median(around) if around else 0
            n = series[i]
            gap = n == 0 or n < GAP_SHARE * usual
            day = d.isoformat()
            row = {
                "site": site,
                "day": day,
                "archived": n,
                "pending": pending.get((site, day), 0),
                "usual": usual,
                "gap": gap,
            }
            days_out.append(row)
            if gap:
                run.append(row)
            if run and (not gap or i == len(span) - 1):
                command = _backfill(site, run[0]["day"], run[-1]["day"], root)
                gaps.append(
                    {
                        "site": site,
                        "first": run[0]["day"],
                        "last": run[-1]["day"],
                        "days": len(run),
                        "command": command,
                    }
                )
                for r in run:
                    r["backfill"] = command
                run = []
    layouts: dict[str, dict[str, dict[str, Any]]] = {}
    for (layout, month), (n, *have) in sorted(t["fields"].items()):
        layouts.setdefault(layout, {})[month] = {
            "articles": n,
            **{f: round(v / n, 4) for f, v in zip(COVERED_FIELDS, have, strict=True)},
        }
    return {
        "days": days_out,
        "gaps": gaps,
        "fields": layouts,
        "undated": dict(undated),
        "pending_undated": dict(pending_unplaced),
        "unreadable": unreadable,
        "rule": f"a day with no article, or under {GAP_SHARE:.0%} of the site's median over "
        f"the {GAP_WINDOW} days around it",
    }


def format_coverage(data: dict[str, Any], root: Path | None = None) -> Iterator[str]:
    """The text of `heraldcrawl archive coverage`: per site its days, articles and pending,
    then each gap (a run of days) with the command that fills it."""
    where = f"archive {root}: " if root is not None else ""
    per_site: dict[str, list[dict]] = {}
    for row in data["days"]:
        per_site.setdefault(row["site"], []).append(row)
    if not per_site:
        yield f"{where}no dated articles"
    for site, rows in per_site.items():
        gap_days = sum(r["gap"] for r in rows)
        yield (
            f"{where}{site}: {rows[0]['day']} to {rows[-1]['day']}, "
            f"{sum(r['archived'] for r in rows):,} articles archived, "
            f"{sum(r['pending'] for r in rows) + data['pending_undated'].get(site, 0):,} pending, "
            f"{data['undated'].get(site, 0):,} undated; {gap_days:,} gap day(s)"
        )
    gaps = data["gaps"]
    if gaps:
        yield f"gaps ({data['rule']}):"
    for g in gaps[:MAX_GAPS_PRINTED]:
        span = g["first"] if g["days"] == 1 else f"{g['first']} to {g['last']}"
        yield f"  {g['site']} {span} ({g['days']} day(s)): {g['command']}"
    if len(gaps) > MAX_GAPS_PRINTED:
        yield f"  ... and {len(gaps) - MAX_GAPS_PRINTED:,} more gaps (--json lists every day)"
    yield from _unreadable_lines(data)


def _colour(share: float) -> str:
    """White to dark green; share from 0 to 1."""
    share = max(0.0, min(1.0, share))
    r, g, b = (int(255 - share * (255 - c)) for c in (0, 109, 44))
    return f"#{r:02x}{g:02x}{b:02x}"


def coverage_html(data: dict[str, Any]) -> str:
    """One self-contained page (inline CSS and SVG, no script, no network): a calendar heat-map
    per site (a square a day, darker with more articles, gaps outlined in red) and, per layout,
    the share of articles with each field, month by month."""
    esc = html_lib.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>heraldcrawl archive coverage</title><style>",
        "body{font:13px sans-serif;margin:1em}svg{display:block;margin:2px 0}",
        "rect.gap{stroke:#c00;stroke-width:1}table{border-collapse:collapse}",
        "td,th{border:1px solid #ddd;padding:1px 3px;font-size:11px}",
        "</style></head><body><h1>Archive coverage</h1>",
        f"<p>Gap: {esc(data['rule'])}.</p>",
    ]
    per_site: dict[str, list[dict]] = {}
    for row in data["days"]:
        per_site.setdefault(row["site"], []).append(row)
    for site, rows in per_site.items():
        top = max((r["archived"] for r in rows), default=1) or 1
        parts.append(f"<section class='site' data-site='{esc(site)}'><h2>{esc(site)}</h2>")
        by_year: dict[str, list[dict]] = {}
        for r in rows:
            by_year.setdefault(r["day"][:4], []).append(r)
        for year, yrows in by_year.items():
            jan1 = date(int(year), 1, 1)
            cells = []
            for r in yrows:
                d = date.fromisoformat(r["day"])
                week = ((d - jan1).days + jan1.weekday()) // 7  # Monday-first columns
                cls = " class='gap'" if r["gap"] else ""
                cells.append(
                    f"<rect{cls} x='{30 + week * 11}' y='{d.weekday() * 11}' width='10' "
                    f"height='10' fill='{_colour(r['archived'] / top)}' data-day='{r['day']}'>"
                    f"<title>{r['day']}: {r['archived']} archived, {r['pending']} pending"
                    f"</title></rect>"
                )
            parts.append(
                f"<svg class='heatmap' data-site='{esc(site)}' data-year='{year}' width='620' "
                f"height='80' xmlns='http://www.w3.org/2000/svg'>"
                f"<text x='0' y='10'>{year}</text>{''.join(cells)}</svg>"
            )
        parts.append("</section>")
    parts.append("<h2>Field coverage per layout</h2>")
    for layout, months in data["fields"].items():
        parts.append(
            f"<h3>{esc(layout)}</h3><table class='fields' data-layout='{esc(layout)}'>"
            "<tr><th>field</th>" + "".join(f"<th>{m}</th>" for m in months) + "</tr>"
        )
        for f in COVERED_FIELDS:
            cells = "".join(
                f"<td style='background:{_colour(v[f])}' title='{m}: {v[f]:.0%} of "
                f"{v['articles']}'>{round(v[f] * 100)}</td>"
                for m, v in months.items()
            )
            parts.append(f"<tr><th>{f}</th>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
