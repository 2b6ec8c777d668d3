"""The first hour: the demo's short output, and archive commands that name an unusable folder,
take -s HERALD_ARCHIVE_DIR= and summarise an archive in a screenful."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest

from heraldcrawl import cli
from heraldcrawl.archive import partition_rel
from heraldcrawl.cli import main as cli_main
from tests.conftest import FIXED_FETCH, read_archive, run_module

ACTIONS = ("verify", "stats", "reindex", "compress", "pending")
VENV_BIN = str(Path(sys.executable).parent)


def records(replica, n: int = 2000) -> list[dict]:
    return [replica.article(s.index).record(FIXED_FETCH) for s in replica.skeletons[:n]]


def write_archive(root: Path, recs: list[dict]) -> Path:
    """Partitions as a crawl lays them out; the commands that need the state catch it up."""
    for rec in recs:
        path = root / partition_rel(rec)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as fh:
            fh.write(orjson.dumps(rec) + b"\n")
    return root


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err + captured.out
    return lines[0]


# -- archive commands: an unusable folder is one line and exit 2 --------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_a_missing_folder_is_named_with_what_to_do(tmp_path, capsys, action):
    assert cli_main(["archive", action, str(tmp_path / "nope")]) == 2
    line = one_line_error(capsys)
    assert str(tmp_path / "nope") in line and "HERALD_ARCHIVE_DIR" in line


@pytest.mark.parametrize("action", ACTIONS)
def test_a_file_is_not_an_archive_folder(tmp_path, capsys, action):
    (tmp_path / "a-file").write_text("x")
    assert cli_main(["archive", action, str(tmp_path / "a-file")]) == 2
    assert "is a file, not an archive folder" in one_line_error(capsys)


@pytest.mark.parametrize("action", ACTIONS)
def test_a_state_that_is_not_sqlite_says_how_to_rebuild_it(tmp_path, capsys, replica, action):
    write_archive(tmp_path, records(replica, 5))
    (tmp_path / "_state").mkdir()
    (tmp_path / "_state" / "state.sqlite").write_bytes(b"not a database at all\n" * 10)
    assert cli_main(["archive", action, str(tmp_path)]) == 2
    line = one_line_error(capsys)
    assert "is not an SQLite database" in line
    assert f"mv {tmp_path}/_state/state.sqlite" in line and "archive reindex" in line


@pytest.mark.parametrize("action", ("compress", "reindex", "pending"))
def test_a_state_damaged_inside_is_one_line(tmp_path, capsys, replica, action):
    write_archive(tmp_path, records(replica, 5))
    assert cli_main(["archive", "reindex", str(tmp_path)]) == 0
    capsys.readouterr()
    state = tmp_path / "_state" / "state.sqlite"
    data = bytearray(state.read_bytes())
    data[100:] = b"x" * (len(data) - 100)  # the header survives, the pages do not
    state.write_bytes(bytes(data))
    for extra in state.parent.glob("state.sqlite-*"):
        extra.unlink()
    assert cli_main(["archive", action, str(tmp_path)]) == 2
    line = one_line_error(capsys)
    assert str(tmp_path) in line and "archive reindex" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
@pytest.mark.parametrize("action", ACTIONS)
def test_an_unreadable_folder_is_named(tmp_path, capsys, action):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        assert cli_main(["archive", action, str(folder)]) == 2
    finally:
        folder.chmod(0o755)
    assert "cannot read the archive folder" in one_line_error(capsys)


@pytest.mark.parametrize("action", ACTIONS)
def test_an_unreadable_folder_is_named_whoever_runs_the_test(tmp_path, capsys, monkeypatch, action):
    # As root every folder reads: stand in the refusal the kernel gives anyone else.
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == tmp_path else real(p, mode)
    )
    assert cli_main(["archive", action, str(tmp_path)]) == 2
    line = one_line_error(capsys)
    assert f"cannot read the archive folder {tmp_path}" in line and "read access" in line


@pytest.mark.parametrize("action", ("compress", "reindex"))
def test_a_read_only_folder_stops_the_commands_that_write(tmp_path, capsys, monkeypatch, action):
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    assert cli_main(["archive", action, str(tmp_path)]) == 2
    assert f"cannot write to the archive folder {tmp_path}" in one_line_error(capsys)


def test_a_file_unreadable_inside_the_folder_is_one_line(tmp_path, capsys, replica, monkeypatch):
    write_archive(tmp_path, records(replica, 5))
    from heraldcrawl.archive import state as archive

    def refuse(root):
        raise PermissionError(13, "Permission denied", str(root / "koreaherald"))

    monkeypatch.setattr(archive, "partitions", refuse)
    assert cli_main(["archive", "reindex", str(tmp_path)]) == 2
    line = one_line_error(capsys)
    assert "Permission denied" in line and str(tmp_path / "koreaherald") in line


def test_a_damaged_partition_is_reported_not_raised(tmp_path, capsys, replica):
    write_archive(tmp_path, records(replica, 20))
    plain = next((tmp_path / "koreaherald").rglob("*.jsonl"))
    plain.with_name(plain.name + ".gz").write_bytes(b"this is no gzip stream\n")
    plain.unlink()
    assert cli_main(["archive", "verify", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "cannot be read" in out.out and "Traceback" not in out.err
    assert cli_main(["archive", "stats", str(tmp_path)]) == 1
    assert "1 partition(s) could not be read" in capsys.readouterr().out
    for action in ("reindex", "compress"):
        assert cli_main(["archive", action, str(tmp_path)]) == 2
        assert "archive verify" in one_line_error(capsys)


# -- archive commands: -s NAME=VALUE --------------------------------------------------------------


def test_the_folder_comes_from_dir_then_s_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.delenv("HERALD_ARCHIVE_DIR", raising=False)
    assert cli._archive_dir(None, {}) == Path("output")
    monkeypatch.setenv("HERALD_ARCHIVE_DIR", "/from/env")
    assert cli._archive_dir(None, {}) == Path("/from/env")
    assert cli._archive_dir(None, {"HERALD_ARCHIVE_DIR": "/from/s"}) == Path("/from/s")
    assert cli._archive_dir("/from/dir", {"HERALD_ARCHIVE_DIR": "/from/s"}) == Path("/from/dir")


def test_archive_commands_take_s_herald_archive_dir(tmp_path, capsys, replica, monkeypatch):
    write_archive(tmp_path / "a", records(replica, 7))
    monkeypatch.setenv("HERALD_ARCHIVE_DIR", str(tmp_path / "not-this-one"))
    assert (
        cli_main(["archive", "stats", "-s", f"HERALD_ARCHIVE_DIR={tmp_path / 'a'}", "--json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["articles"] == 7
    assert cli_main(["archive", "verify", "-s", f"HERALD_ARCHIVE_DIR={tmp_path / 'a'}"]) == 0
    assert "verifies" in capsys.readouterr().out
    # The positional folder wins over -s.
    assert cli_main(["archive", "stats", str(tmp_path / "a"), "-s", "HERALD_ARCHIVE_DIR=/x"]) == 0


@pytest.mark.parametrize(
    "pair, expected",
    [
        ("HERALD_ARCHVE_DIR=/x", "not a setting (did you mean HERALD_ARCHIVE_DIR?)"),
        ("NO_SUCH_THING=1", "-s NO_SUCH_THING is not a setting"),
        ("HERALD_FSYNC_MODE=files", "has no effect on archive commands"),
        ("HERALD_ARCHIVE_DIR", "is not NAME=VALUE"),
    ],
)
def test_a_setting_archive_commands_do_not_read_is_refused(tmp_path, capsys, pair, expected):
    assert cli_main(["archive", "stats", str(tmp_path), "-s", pair]) == 2
    assert expected in one_line_error(capsys)


# -- archive stats: a screenful, the full data in --json -----------------------------------------


def test_stats_text_is_a_screenful_and_json_keeps_every_day(tmp_path, capsys, replica):
    recs = records(replica)
    write_archive(tmp_path, recs)
    assert cli_main(["archive", "stats", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # What readers of --json rely on is still there, whole.
    assert {"articles", "lines", "per_day", "per_section", "per_author"} <= set(data)
    days = Counter(f"{r['site']} {r['published'][:10]}" for r in recs)
    assert data["per_day"] == dict(sorted(days.items()))
    assert data["articles"] == data["lines"] == len(recs)
    assert data["per_site"] == dict(Counter(r["site"] for r in recs).most_common())
    assert data["per_layout"] == dict(Counter(r["layout"] for r in recs).most_common())
    assert sum(data["per_year"].values()) == len(recs)
    assert data["first_day"] == min(r["published"][:10] for r in recs)

    assert cli_main(["archive", "stats", str(tmp_path)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert len(days) > 150 and len(text) < 60, len(text)  # a line a day would be 150 and more
    assert text[0].startswith(f"archive {tmp_path}: {len(recs):,} articles")
    months = sorted({r["published"][:7] for r in recs})
    assert "per month:" in text  # by month by default: the last two years, the rest in a line
    rows = [line.split() for line in text if re.match(r"  \d{4}-\d{2} ", line)]
    assert [row[0] for row in rows] == months[-24:]
    earlier = next(line for line in text if "earlier months" in line)
    shown = sum(int(row[1].replace(",", "")) for row in rows)
    assert f"{len(recs) - shown:,} articles" in earlier and months[0] in earlier
    top = text.index(next(line for line in text if line.startswith("top 10 sections of ")))
    assert len([line for line in text[top + 1 : top + 12] if line.startswith("    ")]) == 10
    assert any(line.startswith("top 10 authors of ") for line in text)


def test_stats_by_day_month_or_year(tmp_path, capsys, replica):
    recs = records(replica, 300)
    write_archive(tmp_path, recs)
    counts = {}
    for by, width in (("day", 10), ("month", 7), ("year", 4)):
        assert cli_main(["archive", "stats", str(tmp_path), "--by", by]) == 0
        text = capsys.readouterr().out.splitlines()
        assert f"per {by}:" in text
        rows = [line for line in text if re.match(rf"  \d{{4}}[-\d]{{{width - 4}}} ", line)]
        counts[by] = len(rows)
        assert len(rows) == len({r["published"][:width] for r in recs})
    assert counts["day"] > counts["month"] > counts["year"]


def test_stats_groups_by_month_when_the_archive_spans_under_two_years(tmp_path, capsys, replica):
    recent = [r for r in records(replica) if r["published"] >= "2025-06"]
    write_archive(tmp_path, recent)
    assert cli_main(["archive", "stats", str(tmp_path)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert "per month:" in text and "per year:" not in text


def test_stats_count_the_latest_revision_of_each_article(tmp_path, capsys, replica):
    first = records(replica, 3)
    write_archive(tmp_path, [*first, {**first[0], "revision": 2, "section": "Corrections"}])
    assert cli_main(["archive", "stats", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["articles"], data["lines"]) == (3, 4)
    assert data["per_section"][f"{first[0]['site']} Corrections"] == 1


# -- the demo's parts ---------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_redraws_one_line_on_a_terminal():
    screen = FakeTerminal()
    bar = cli._Progress(500, screen)
    for done in range(0, 501, 5):
        bar.update(done, requests=done + 40)
    bar.note("2026-12-01 10:00:00 [herald] ERROR: something")
    bar.update(500)
    bar.finish(500)
    text = screen.getvalue()
    assert text.count("\n") == 2  # the error, and the end of the bar
    assert text.count("\r") > 100
    assert "500/500 records 100%, 540 requests" in text.splitlines()[-1]


def test_the_progress_bar_writes_at_most_three_lines_elsewhere():
    log = io.StringIO()
    bar = cli._Progress(60, log)
    for done in (0, 0, 10, 15, 16, 30, 31, 60, 60, 60):
        bar.update(done)
    bar.finish(60)
    lines = log.getvalue().splitlines()
    assert 1 <= len(lines) <= 3 and "\r" not in log.getvalue()
    assert all("records" in line for line in lines)


def test_errors_are_read_from_the_crawl_log_as_it_grows(tmp_path):
    log = tmp_path / "demo.log"
    errors = cli._LogErrors(log)
    assert errors.new() == []  # no log yet
    log.write_text("2026-12-01 10:00:00 [scrapy.core.engine] INFO: Spider opened\n")
    with log.open("a") as fh:
        fh.write("2026-12-01 10:00:01 [herald] ERROR: first\nTraceback (most recent call last):\n")
        fh.write("2026-12-01 10:00:02 [herald] CRITICAL: half a li")
    assert errors.new() == ["2026-12-01 10:00:01 [herald] ERROR: first"]
    with log.open("a") as fh:
        fh.write("ne\n2026-12-01 10:00:03 [herald] WARNING: not an error\n")
    assert errors.rest_of_log() == ["2026-12-01 10:00:02 [herald] CRITICAL: half a line"]
    assert errors.count == 2


def bash(command: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def next_step_commands(lines: list[str]) -> list[str]:
    """The commands under `next:`: the lines indented by four spaces, but the note."""
    start = lines.index("next:")
    return [
        line.strip()
        for line in lines[start:]
        if line.startswith("    ") and not line.strip().startswith("(")
    ]


def test_the_next_steps_run_as_printed(tmp_path, replica):
    folder = tmp_path / "an archive"  # a space: the commands must quote it
    recs = records(replica, 40)
    write_archive(folder, recs)
    look, load, crawl = next_step_commands(cli._next_steps(folder))
    shown = bash(look, tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] in {r["id"] for r in recs}
    pytest.importorskip("duckdb")
    loaded = bash(load, tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    for layout, n in Counter(r["layout"] for r in recs).items():
        assert re.search(rf"{layout}\s+│\s+{n}\s", loaded.stdout), loaded.stdout
    assert crawl.startswith("heraldcrawl run latest -s HERALD_ARCHIVE_DIR=")
    assert "HERALD_CONTACT_URL=" in crawl


# -- the demo, end to end ------------------------------------------------------------------------


def demo(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    done = run_module(
        "heraldcrawl",
        "demo",
        "--articles",
        "60",
        "--archive-dir",
        str(tmp_path),
        *extra,
        timeout=300,
    )
    return done, (done.stdout + done.stderr).splitlines()


def counts(line: str) -> dict[str, int]:
    """`  per site:    koreaherald 39, heraldbiz 21` as a dict."""
    pairs = line.split(":", 1)[1].split(",")
    return {name: int(n.replace(",", "")) for name, n in (p.split() for p in pairs)}


@pytest.mark.e2e
def test_the_demo_prints_a_bar_a_summary_and_three_next_steps(tmp_path):
    archive = tmp_path / "demo"
    done, lines = demo(archive)
    assert done.returncode == 0, "\n".join(lines)
    assert len(lines) <= 30, "\n".join(lines)
    assert not any("Traceback" in line or "'downloader/" in line for line in lines)
    assert any("records" in line and line.lstrip().startswith("[") for line in lines)

    recs = read_archive(archive)
    assert recs  # the replica's latest articles, archived
    head = next(line for line in lines if line.startswith("archived "))
    assert head.startswith(f"archived {len(recs)} records in ")
    assert head.endswith(f"(exit 0): {archive.resolve()}")
    site_line = next(line for line in lines if line.startswith("  per site:"))
    layout_line = next(line for line in lines if line.startswith("  per layout:"))
    assert counts(site_line) == Counter(r["site"] for r in recs)
    assert counts(layout_line) == Counter(r["layout"] for r in recs)
    assert (archive / "_logs" / "demo.log").is_file()
    stats = json.loads((archive / "_logs" / "demo-stats.json").read_text())
    assert stats["herald/archive/new"] == len(recs)

    look, load, crawl = next_step_commands(lines)
    assert look.startswith("head -n1 ") and look.endswith("| python -m json.tool")
    assert "read_json(" in load and "/**/*.jsonl*" in load  # per site, undated included
    assert "format='newline_delimited'" in load
    assert crawl.startswith("heraldcrawl run latest -s HERALD_ARCHIVE_DIR=")
    shown = bash(look, tmp_path)
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"]


@pytest.mark.e2e
def test_the_demo_shows_the_crawls_error_and_exits_with_its_status(tmp_path):
    done, lines = demo(tmp_path / "demo", "-s", "HERALD_FSYNC_MODE=sometimes")
    assert done.returncode == 2
    assert len(lines) <= 30, "\n".join(lines)
    assert any("HERALD_FSYNC_MODE='sometimes'" in line for line in lines)
    head = next(line for line in lines if line.startswith("archived "))
    assert "(exit 2: bad arguments or settings" in head
    assert "next:" not in lines  # nothing archived, nothing to look at


def test_the_demo_refuses_settings_that_are_its_own(tmp_path, capsys):
    argv = ["demo", "--archive-dir", str(tmp_path), "-s", "HERALD_BASE_URL=http://x"]
    assert cli_main(argv) == 2
    assert "--archive-dir" in one_line_error(capsys)
    assert cli_main(["demo", "--archive-dir", str(tmp_path), "-s", "oops"]) == 2
    assert "NAME=VALUE" in one_line_error(capsys)


def test_the_demo_help_says_where_the_full_stats_are(capsys):
    with pytest.raises(SystemExit):
        cli_main(["demo", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "-s STATS_DUMP=True" in text and "HERALD_STATS_FILE" in text
    assert "--articles" in text and "--archive-dir" in text
