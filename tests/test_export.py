"""`heraldcrawl archive export --format parquet`: typed columns, hive folders, revisions."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import orjson
import pytest

from heraldcrawl.archive.files import partition_rel
from heraldcrawl.cli import main as cli_main
from heraldcrawl.record import content_hash
from tests.conftest import FIXED_FETCH

KST = timezone(timedelta(hours=9))


def write_archive(root: Path, records: list[dict]) -> None:
    """Partitions as the archive lays them out; the first day gzip, the second zstd."""
    import zstandard

    by_rel: dict[str, list[bytes]] = {}
    for r in records:
        by_rel.setdefault(partition_rel(r), []).append(orjson.dumps(r) + b"\n")
    rels = sorted(by_rel)
    for n, rel in enumerate(rels):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = b"".join(by_rel[rel])
        if n == 0:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data))
        elif n == 1:
            path.with_name(path.name + ".zst").write_bytes(zstandard.compress(data))
        else:
            path.write_bytes(data)


def fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def archive(tmp_path, replica) -> tuple[Path, list[dict]]:
    records = [replica.article(i).record(FIXED_FETCH) for i in range(300)]
    fix = {**records[5], "body": records[5]["body"] + " Corrected.", "revision": 2}
    fix["content_hash"] = content_hash(fix["title"], fix["body"])
    undated = {**records[7], "id": "koreaherald:ud:1", "published": None, "updated": None}
    everything = [*records, fix, undated]
    root = tmp_path / "archive"
    write_archive(root, everything)
    return root, everything


def query(sql: str) -> list[tuple]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Seoul'")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_export_writes_typed_hive_partitions_of_the_latest_revisions(archive, tmp_path, capsys):
    root, records = archive
    out = tmp_path / "parquet"
    assert cli_main(["archive", "export", "--format", "parquet", str(out), str(root)]) == 0
    assert "exported 301 records" in capsys.readouterr().out
    glob = f"{out}/**/*.parquet"
    types = dict(
        query(f"SELECT column_name, column_type FROM (DESCRIBE FROM read_parquet('{glob}'))")
    )
    assert types["published"] == types["updated"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == 'STRUCT("name" VARCHAR, email VARCHAR)[]'
    assert types["images"] == "STRUCT(url VARCHAR, caption VARCHAR, credit VARCHAR)[]"
    assert types["revision"] == "BIGINT" and types["word_count"] == "BIGINT"
    folders = {p.relative_to(out).parts[:2] for p in out.rglob("*.parquet")}
    assert {f[0] for f in folders} <= {"site=koreaherald", "site=heraldbiz"}
    assert all(f[1].startswith("year=") for f in folders)
    assert (f"site={records[-1]['site']}", "year=undated") in folders
    # One row per article, revision 2 of the corrected one.
    rows = query(f"SELECT id, revision, body FROM read_parquet('{glob}')")
    assert len(rows) == len({r[0] for r in rows}) == 301
    corrected = next(r for r in rows if r[0] == records[5]["id"])
    assert corrected[1] == 2 and corrected[2].endswith(" Corrected.")


def test_the_instant_and_korea_time_survive(archive, tmp_path):
    root, records = archive
    out = tmp_path / "parquet"
    assert cli_main(["archive", "export", str(out), str(root)]) == 0  # parquet by default
    # An independent truth: this publication time, written out by hand.
    rec = {
        **records[0],
        "id": "koreaherald:ud:20190821000123",
        "published": "2019-08-21T16:13:00+09:00",
    }
    root2 = tmp_path / "one"
    write_archive(root2, [rec])
    out2 = tmp_path / "one.parquet"
    assert cli_main(["archive", "export", str(out2), str(root2)]) == 0
    ((published, utc, text),) = query(
        f"SELECT published, published AT TIME ZONE 'UTC', strftime(published, '%Y-%m-%d %H:%M %z') "
        f"FROM read_parquet('{out2}/**/*.parquet')"
    )
    assert published == datetime(2019, 8, 21, 16, 13, tzinfo=KST)
    assert utc == datetime(2019, 8, 21, 7, 13)
    assert text == "2019-08-21 16:13 +09"  # DuckDB prints the offset in hours
    assert query(f"SELECT year FROM read_parquet('{out2}/**/*.parquet')") == [(2019,)]


def test_all_revisions_keeps_every_line(archive, tmp_path):
    root, records = archive
    out = tmp_path / "parquet"
    assert cli_main(["archive", "export", "--all-revisions", str(out), str(root)]) == 0
    ((n, revs),) = query(
        "SELECT count(*), count(*) FILTER (WHERE revision = 2) "
        f"FROM read_parquet('{out}/**/*.parquet')"
    )
    assert (n, revs) == (len(records), 1)


@pytest.mark.parametrize(
    "case, expect",
    [
        ("missing", "no archive folder"),
        ("not_empty", "exists and is not an empty folder"),
        ("format", "unknown --format 'csv'"),
        ("no_out", "give the folder to write"),
        ("inside", "inside the archive folder"),
    ],
)
def test_bad_input_is_named_and_exits_2_without_touching_the_archive(
    archive, tmp_path, capsys, case, expect
):
    root, _ = archive
    out = tmp_path / "parquet"
    before = fingerprint(root)
    argv = ["archive", "export", "--format", "parquet", str(out), str(root)]
    if case == "missing":
        argv[-1] = str(tmp_path / "nowhere")
    elif case == "not_empty":
        out.mkdir()
        (out / "keep.txt").write_text("mine")
    elif case == "format":
        argv[3] = "csv"
    elif case == "no_out":
        argv = ["archive", "export", "--format", "parquet"]
    elif case == "inside":
        argv[4] = str(root / "exported")
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert expect in err and err.count("\n") == 1, err
    assert fingerprint(root) == before
    if case == "not_empty":
        assert [p.name for p in out.iterdir()] == ["keep.txt"]
    else:
        assert not out.exists()


def test_pandas_reads_the_instant_back_in_korea_time(archive, tmp_path):
    pytest.importorskip("pyarrow")  # pandas reads Parquet through it
    import pandas as pd

    _, records = archive
    rec = {**records[0], "published": "2019-08-21T16:13:00+09:00"}
    rec["authors"] = [{"name": "Choi He-suk", "email": None}]
    write_archive(tmp_path / "one", [rec])
    out = tmp_path / "one.parquet"
    assert cli_main(["archive", "export", str(out), str(tmp_path / "one")]) == 0
    df = pd.read_parquet(out)
    assert list(df["site"].astype(str)) == [rec["site"]]  # from the folder name
    published = df["published"].dt.tz_convert("Asia/Seoul").iloc[0]
    assert published.isoformat() == "2019-08-21T16:13:00+09:00"
    assert [dict(a) for a in df["authors"].iloc[0]] == rec["authors"]


def test_a_torn_last_line_is_named_with_the_command_that_repairs_it(archive, tmp_path, capsys):
    root, _ = archive
    copy = tmp_path / "torn-copy"
    shutil.copytree(root, copy)
    part = next(p for p in sorted(copy.rglob("*.jsonl")) if not p.parts[-4].startswith("_"))
    with part.open("ab") as fh:
        fh.write(b'{"id": "koreaherald:ud:2019')  # what a killed writer leaves
    out = tmp_path / "parquet"
    assert cli_main(["archive", "export", "--format", "parquet", str(out), str(copy)]) == 2
    err = capsys.readouterr().err
    assert "torn line" in err and "heraldcrawl archive reindex" in err and part.name in err
    assert not out.exists()


def test_a_killed_export_s_leftovers_are_cleared(archive, tmp_path):
    root, _ = archive
    out = tmp_path / "parquet"
    stale = tmp_path / ".parquet.tmp-999999"
    (stale / "site=koreaherald").mkdir(parents=True)
    (tmp_path / ".parquet.tmp-999999-spill").mkdir()
    assert cli_main(["archive", "export", "--format", "parquet", str(out), str(root)]) == 0
    assert not stale.exists() and not (tmp_path / ".parquet.tmp-999999-spill").exists()
    assert out.is_dir()
