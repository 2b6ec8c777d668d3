"""`heraldcrawl archive stats` and `heraldcrawl archive coverage`: summaries of an archive folder.

Both read the partitions once through DuckDB, projecting only the few fields they count (never
the bodies), into a narrow table that DuckDB spills to disk past its memory limit: memory stays
flat however large the archive. Counts are of the latest revision of each article.
"""

from __future__ import annotations

import html as html_lib
import shutil
import sqlite3
import statistics
import tempfile
import weakref
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from heraldcrawl.archive.files import STATE_DIR, UNDATED, partitions

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
MEMORY_LIMIT = "400MB"
MAX_GAPS_PRINTED = 40

_NARROW = {
    "id": "VARCHAR",
    "site": "VARCHAR",
    "layout": "VARCHAR",
    "section": "VARCHAR",
    "agency": "VARCHAR",
    "published": "VARCHAR",
    "updated": "VARCHAR",
    "subtitle": "VARCHAR",
    "byline_raw": "VARCHAR",
    "dateline_raw": "VARCHAR",
    "revision": "BIGINT",
    "authors": "STRUCT(name VARCHAR)[]",
    "images": "STRUCT(url VARCHAR)[]",
}


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _connect():
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    # Past the limit DuckDB spills here (by default it would use the current folder).
    spill = tempfile.mkdtemp(prefix="heraldcrawl-duckdb-")
    weakref.finalize(con, shutil.rmtree, spill, True)
    con.execute(f"SET temp_directory = '{spill}'")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")
    return con


def _load(con, files: list[Path]) -> None:
    cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in _NARROW.items()) + "}"
    # The day as written (Korea time), `undated` when there is none or it is not a date.
    day = f"coalesce(CAST(try_cast(substr(published, 1, 10) AS DATE) AS VARCHAR), '{UNDATED}')"
    con.execute("DROP TABLE IF EXISTS lines")
    con.execute(
        f"CREATE TEMP TABLE lines AS SELECT id, coalesce(site, 'unknown') AS site, "
        f"{day} AS day, layout, section, agency, revision, "
        "[a.name FOR a IN authors IF a.name IS NOT NULL] AS names, "
        + ", ".join(
            f"({f} IS NOT NULL AND {f} <> '') AS has_{f}"
            for f in COVERED_FIELDS
            if f not in ("authors", "images")
        )
        + ", coalesce(len(authors), 0) > 0 AS has_authors, "
        "coalesce(len(images), 0) > 0 AS has_images "
        f"FROM read_json({_sql_list(files)}, format = 'newline_delimited', columns = {cols}, "
        "ignore_errors = true)"
    )
    # The latest revision of each article, kept as a table: every summary reads it.
    con.execute("DROP TABLE IF EXISTS latest")
    con.execute(
        "CREATE TEMP TABLE latest AS SELECT * FROM lines "
        "QUALIFY row_number() OVER (PARTITION BY id ORDER BY revision DESC NULLS LAST) = 1"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE line_count AS SELECT count(*) AS n FROM lines")
    con.execute("DROP TABLE lines")


def _scan(root: Path):
    """A DuckDB connection holding `lines` and `latest`, and the partitions it could not read."""
    import duckdb

    files = partitions(root)
    unreadable: list[str] = []
    con = _connect()
    if not files:
        con.execute(
            "CREATE TEMP TABLE lines (id VARCHAR, site VARCHAR, day VARCHAR, layout VARCHAR, "
            "section VARCHAR, agency VARCHAR, revision BIGINT, names VARCHAR[], "
            + ", ".join(f"has_{f} BOOLEAN" for f in COVERED_FIELDS)
            + ")"
        )
        con.execute("CREATE TEMP TABLE latest AS SELECT * FROM lines")
        con.execute("CREATE TEMP TABLE line_count AS SELECT 0 AS n")
        return con, unreadable
    try:
        _load(con, files)
    except duckdb.OutOfMemoryException:
        con.close()
        raise
    except duckdb.Error:
        # A damaged part: find it (rare, so one probe a file is fine), count the rest.
        good = []
        for path in files:
            try:
                con.execute(
                    f"SELECT count(*) FROM read_json({_sql_list([path])}, "
                    "format = 'newline_delimited', columns = {'id': 'VARCHAR'}, "
                    "ignore_errors = true)"
                ).fetchone()
                good.append(path)
            except duckdb.Error:
                unreadable.append(path.relative_to(root).as_posix())
        if good:
            _load(con, good)
        else:
            con.close()
            return _scan_empty(), unreadable
    return con, unreadable


def _scan_empty():
    con = _connect()
    con.execute(
        "CREATE TEMP TABLE lines (id VARCHAR, site VARCHAR, day VARCHAR, layout VARCHAR, "
        "section VARCHAR, agency VARCHAR, revision BIGINT, names VARCHAR[], "
        + ", ".join(f"has_{f} BOOLEAN" for f in COVERED_FIELDS)
        + ")"
    )
    con.execute("CREATE TEMP TABLE latest AS SELECT * FROM lines")
    con.execute("CREATE TEMP TABLE line_count AS SELECT 0 AS n")
    return con


def stats(root: Path, top: int = 20) -> dict:
    """Articles (latest revision of each id) per day, month, year, site, layout, section and
    author (the `top` most credited), with the first and last day and the partitions that could
    not be read. `per_day`, `per_month` and `per_year` are keyed `<site> <period>`."""
    con, unreadable = _scan(root)
    try:
        lines = con.execute("SELECT n FROM line_count").fetchone()[0]
        q = con.execute
        per_day = Counter(
            {
                f"{site} {day}": n
                for site, day, n in q(
                    "SELECT site, day, count(*) FROM latest GROUP BY ALL"
                ).fetchall()
            }
        )
        per_site = Counter(dict(q("SELECT site, count(*) FROM latest GROUP BY ALL").fetchall()))
        per_layout = Counter(
            dict(
                q("SELECT coalesce(layout, '(none)'), count(*) FROM latest GROUP BY ALL").fetchall()
            )
        )
        per_section = Counter(
            {
                f"{site} {sec}": n
                for site, sec, n in q(
                    "SELECT site, coalesce(nullif(section, ''), '(none)'), count(*) FROM latest "
                    "GROUP BY ALL"
                ).fetchall()
            }
        )
        per_author: Counter[str] = Counter(
            dict(
                q(
                    "SELECT name, count(*) FROM (SELECT unnest(names) AS name FROM latest) "
                    "GROUP BY ALL"
                ).fetchall()
            )
        )
        for agency, n in q(
            "SELECT agency, count(*) FROM latest WHERE len(names) = 0 GROUP BY ALL"
        ).fetchall():
            per_author[f"({agency or 'no credit'})"] += n
        articles = sum(per_site.values())
    finally:
        con.close()
    days = sorted({key.split(" ", 1)[1] for key in per_day} - {UNDATED})
    return {
        "articles": articles,
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
    con, unreadable = _scan(root)
    try:
        counts = con.execute(
            "SELECT site, day, count(*) FROM latest WHERE day <> ? GROUP BY ALL", [UNDATED]
        ).fetchall()
        undated = dict(
            con.execute(
                "SELECT site, count(*) FROM latest WHERE day = ? GROUP BY ALL", [UNDATED]
            ).fetchall()
        )
        has = ", ".join(f"avg(has_{f}::INT)" for f in COVERED_FIELDS)
        fields = con.execute(
            f"SELECT coalesce(layout, '(none)'), substr(day, 1, 7) AS month, count(*), {has} "
            "FROM latest WHERE day <> ? GROUP BY ALL ORDER BY ALL",
            [UNDATED],
        ).fetchall()
    finally:
        con.close()
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
        run: list[str] = []
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
                run.append(day)
            if run and (not gap or i == len(span) - 1):
                gaps.append(
                    {
                        "site": site,
                        "first": run[0],
                        "last": run[-1],
                        "days": len(run),
                        "command": _backfill(site, run[0], run[-1], root),
                    }
                )
                run = []
    for row in days_out:
        if row["gap"]:
            row["backfill"] = next(
                g["command"]
                for g in gaps
                if g["site"] == row["site"] and g["first"] <= row["day"] <= g["last"]
            )
    layouts: dict[str, dict[str, dict[str, Any]]] = {}
    for layout, month, n, *shares in fields:
        layouts.setdefault(layout, {})[month] = {
            "articles": n,
            **{f: round(v, 4) for f, v in zip(COVERED_FIELDS, shares, strict=True)},
        }
    return {
        "days": days_out,
        "gaps": gaps,
        "fields": layouts,
        "undated": undated,
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
