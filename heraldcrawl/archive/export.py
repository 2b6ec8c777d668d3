"""`heraldcrawl archive export --format parquet OUT [DIR]`: the archive as a Parquet dataset.

DuckDB reads every partition (`.jsonl`, `.jsonl.gz` and `.jsonl.zst` alike) with the column types
taken from the record's JSON Schema, never guessed: a guess reads `published` as a naive
timestamp, which drops the `+09:00`. Times become `TIMESTAMPTZ` (an instant; read it back in
Korea time with `SET TimeZone = 'Asia/Seoul'` or `tz_convert('Asia/Seoul')`), `authors` and
`images` lists of structs, `provenance` a map. It writes with `COPY ... PARTITION_BY` into hive
folders `site=<site>/year=<YYYY>` (Korea-time year of publication, `undated` when there is none),
into a folder of its own that is renamed to OUT when complete: the archive is only read.
"""

from __future__ import annotations

import glob
import os
import shutil
import time
from pathlib import Path
from typing import Any

from heraldcrawl.archive.files import partitions
from heraldcrawl.record import schema

FORMATS = ("parquet",)
# Read as text and cast, so an offset in the text is honoured whatever DuckDB's time zone.
TIME_FIELDS = ("published", "updated", "fetched_at")
PARTITION_KEYS = ("site", "year")


class ExportError(ValueError):
    """Bad input to an export (a missing folder, an OUT in the way, an unknown format)."""


def duckdb_type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """The DuckDB type of a JSON Schema property (the subset the record schema uses)."""
    if "$ref" in prop:
        prop = defs[prop["$ref"].rsplit("/", 1)[1]]
    if "enum" in prop:
        return "VARCHAR"
    kinds = prop.get("type")
    if isinstance(kinds, list):
        kinds = [k for k in kinds if k != "null"]
        if len(kinds) != 1:
            raise ValueError(f"no single type for {prop}")
        kinds = kinds[0]
    if kinds == "string":
        return "VARCHAR"
    if kinds == "integer":
        return "BIGINT"
    if kinds == "number":
        return "DOUBLE"
    if kinds == "boolean":
        return "BOOLEAN"
    if kinds == "array":
        return duckdb_type(prop["items"], defs) + "[]"
    if kinds == "object":
        if props := prop.get("properties"):
            fields = ", ".join(f'"{k}" {duckdb_type(v, defs)}' for k, v in props.items())
            return f"STRUCT({fields})"
        extra = prop.get("additionalProperties")
        if isinstance(extra, dict):
            return f"MAP(VARCHAR, {duckdb_type(extra, defs)})"
        return "JSON"
    raise ValueError(f"no DuckDB type for {prop}")


def columns() -> dict[str, str]:
    """Every record field and the type it is read as (times as text; see `select_list`)."""
    s = schema()
    defs = s.get("$defs", {})
    return {
        name: "VARCHAR" if name in TIME_FIELDS else duckdb_type(prop, defs)
        for name, prop in s["properties"].items()
    }


def select_list(prefix: str = "") -> str:
    """The exported columns, in schema order, with the times cast to TIMESTAMPTZ."""
    out = []
    for name in columns():
        quoted = f'"{name}"'
        value = f"CAST({prefix}{quoted} AS TIMESTAMPTZ)" if name in TIME_FIELDS else prefix + quoted
        out.append(f"{value} AS {quoted}")
    return ", ".join(out)


def _groups(root: Path, files: list[Path]) -> list[list[Path]]:
    """The partitions by site and year folder (`<site>/<YYYY>/`, `<site>/undated/`)."""
    groups: dict[tuple[str, ...], list[Path]] = {}
    for path in files:
        groups.setdefault(path.relative_to(root).parts[:2], []).append(path)
    return [groups[key] for key in sorted(groups)]


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def check(root: Path, out: Path, fmt: str) -> list[Path]:
    """The partitions to export, or an ExportError naming what is wrong."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; the one format is parquet")
    if not root.is_dir():
        raise ExportError(f"no archive folder at {root}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} exists and is not an empty folder; give a new OUT")
    resolved = out.resolve()
    if resolved == root.resolve() or root.resolve() in resolved.parents:
        raise ExportError(f"{out} is inside the archive folder {root}; write it elsewhere")
    files = partitions(root)
    if not files:
        raise ExportError(f"{root} holds no partitions (<site>/<YYYY>/<MM>/<day>.jsonl)")
    for path in files:
        if _torn(path):
            raise ExportError(
                f"{path} ends in a torn line (a run was killed while writing); run "
                f"`heraldcrawl archive reindex {root}` or any crawl into it to repair it, then "
                "export again"
            )
    return files


def _torn(path: Path) -> bool:
    """A plain partition whose last line is not whole (compressed parts are written whole)."""
    if path.suffix != ".jsonl":
        return False
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            if fh.tell() == 0:
                return False
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) != b"\n"
    except OSError:
        return False  # DuckDB names an unreadable file itself


def export_parquet(
    root: Path,
    out: Path,
    all_revisions: bool = False,
    memory_limit: str = "700MB",
    threads: int | None = None,
) -> dict[str, Any]:
    """Write the archive under `root` as a hive-partitioned Parquet dataset at `out`; returns
    {"rows", "files", "seconds", "out"}. Only the latest revision of each article by default
    (the highest `revision` of its `id`)."""
    import duckdb

    files = check(root, out, "parquet")
    started = time.perf_counter()
    # Folders a killed export left behind (another pid's) go first.
    for stale in out.parent.glob(f".{glob.escape(out.name)}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    spill = tmp.with_name(tmp.name + "-spill")
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{spill}'")
        con.execute("SET preserve_insertion_order = false")  # streams instead of buffering
        con.execute("SET enable_progress_bar = false")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns().items()) + "}"
        if not all_revisions:
            # The articles with more than one revision and their latest, from a narrow pass:
            # few rows, so the filter below is a small hash join. Ranking whole rows would
            # hold every body in memory at once.
            con.execute(
                "CREATE TEMP TABLE revised AS SELECT id, max(revision) AS latest FROM "
                f"read_json({_sql_list(files)}, format = 'newline_delimited', columns = "
                "{'id': 'VARCHAR', 'revision': 'BIGINT'}) WHERE revision > 1 GROUP BY id"
            )
        target = str(tmp).replace("'", "''")
        # One COPY per site and year (the folders' own grouping): a COPY over every file at
        # once keeps a writer per partition per thread and needs more memory, and is slower.
        for files_of_group in _groups(root, files):
            source = (
                f"read_json({_sql_list(files_of_group)}, format = 'newline_delimited', "
                f"columns = {cols})"
            )
            # The Korea-time year from the text: the year of the day a partition is named by.
            year = "coalesce(substr(r.published, 1, 4), 'undated') AS year"
            rows = f"SELECT {select_list('r.')}, {year} FROM {source} r"
            if not all_revisions:
                rows += (
                    " LEFT JOIN revised v ON r.id = v.id "
                    "WHERE v.id IS NULL OR r.revision = v.latest"
                )
            con.execute(
                f"COPY ({rows}) TO '{target}' (FORMAT parquet, "
                f"PARTITION_BY ({', '.join(PARTITION_KEYS)}), COMPRESSION zstd, APPEND, "
                "FILENAME_PATTERN 'part-{uuid}')"
            )
        written = sum(1 for _ in tmp.rglob("*.parquet"))
        count = con.execute(f"SELECT count(*) FROM read_parquet('{tmp}/**/*.parquet')").fetchone()[
            0
        ]
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    if out.exists():
        out.rmdir()  # empty (checked above)
    os.replace(tmp, out)
    return {
        "rows": count,
        "files": written,
        "seconds": time.perf_counter() - started,
        "out": str(out),
        "partitions_read": len(files),
    }
