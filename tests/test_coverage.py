"""`heraldcrawl archive coverage`: archived and pending per site and day, gaps, the HTML page."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import orjson
from lxml import html as lxml_html

from heraldcrawl.archive.files import partition_rel
from heraldcrawl.archive.state import State
from heraldcrawl.cli import main as cli_main
from heraldcrawl.record import content_hash

START = date(2019, 8, 1)


def record(n: int, day: date) -> dict:
    ud = f"{day:%Y%m%d}{n:06d}"
    title, body = f"Title {ud}", f"Body {ud}"
    return {
        "id": f"koreaherald:ud:{ud}",
        "url": f"https://www.koreaherald.com/view.php?ud={ud}",
        "site": "koreaherald",
        "lang": "en",
        "layout": "kh-legacy",
        "title": title,
        "subtitle": None,
        "section": "National",
        "authors": [{"name": "Choi He-suk", "email": None}] if n % 2 else [],
        "agency": None,
        "byline_raw": None,
        "dateline_raw": None,
        "published": f"{day.isoformat()}T10:00:00+09:00",
        "updated": None,
        "body": body,
        "images": [],
        "content_hash": content_hash(title, body),
        "fetched_at": "2026-11-28T00:00:00Z",
        "revision": 1,
    }


def build(root: Path) -> None:
    """30 days of 10 articles a day, but none on day 10 and one on day 20 (the two gaps); a
    second revision on day 5 counts once; one article of day 10 pending in the ledger."""
    lines: dict[str, list[bytes]] = {}
    for i in range(30):
        day = START + timedelta(days=i)
        n = 0 if i == 10 else 1 if i == 20 else 10
        for k in range(n):
            r = record(k, day)
            lines.setdefault(partition_rel(r), []).append(orjson.dumps(r) + b"\n")
            if i == 5 and k == 0:
                lines[partition_rel(r)].append(orjson.dumps({**r, "revision": 2}) + b"\n")
    for rel, chunk in lines.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"".join(chunk))
    state = State(root)
    state.fail(
        "koreaherald:ud:20190811000001",
        "article",
        "https://www.koreaherald.com/view.php?ud=20190811000001",
        "http_error",
        "503",
        "r1",
        "2026-11-28T00:00:00Z",
        5,
    )
    state.close()


def test_coverage_json_counts_days_and_finds_the_gaps(tmp_path, capsys):
    build(tmp_path)
    assert cli_main(["archive", "coverage", str(tmp_path), "--json"]) == 0
    days = json.loads(capsys.readouterr().out)
    assert len(days) == 30 and {d["site"] for d in days} == {"koreaherald"}
    by_day = {d["day"]: d for d in days}
    assert by_day["2019-08-06"]["archived"] == 10  # two revisions, one article
    assert by_day["2019-08-11"] == {
        **by_day["2019-08-11"],
        "archived": 0,
        "pending": 1,
        "gap": True,
    }
    assert by_day["2019-08-21"]["archived"] == 1 and by_day["2019-08-21"]["gap"]
    assert [d["day"] for d in days if d["gap"]] == ["2019-08-11", "2019-08-21"]
    assert by_day["2019-08-11"]["backfill"] == (
        "heraldcrawl run backfill -a site=koreaherald -a since=2019-08-11 -a until=2019-08-11 "
        f"-s HERALD_ARCHIVE_DIR={tmp_path}"
    )


def test_coverage_text_prints_each_gap_with_its_command(tmp_path, capsys):
    build(tmp_path)
    assert cli_main(["archive", "coverage", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "koreaherald: 2019-08-01 to 2019-08-30, 281 articles archived, 1 pending" in out
    assert "-a since=2019-08-21 -a until=2019-08-21" in out


def _dom(page: Path, tmp_path: Path) -> str:
    """The page as headless Chromium renders it, or its text where Chromium is not installed."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return page.read_text(encoding="utf-8")
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_coverage_html_holds_a_heat_map_and_the_field_table(tmp_path, capsys):
    build(tmp_path / "a")
    page = tmp_path / "coverage.html"
    assert cli_main(["archive", "coverage", str(tmp_path / "a"), "--html", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")  # self-contained
    tree = lxml_html.fromstring(_dom(page, tmp_path))
    maps = tree.xpath("//svg[@class='heatmap']") or tree.xpath(
        "//*[local-name()='svg'][@class='heatmap']"
    )
    assert [m.get("data-site") for m in maps] == ["koreaherald"]
    cells = maps[0].xpath(".//*[local-name()='rect']")
    assert len(cells) == 30
    assert sorted(c.get("data-day") for c in cells if c.get("class") == "gap") == [
        "2019-08-11",
        "2019-08-21",
    ]
    table = tree.xpath("//table[@data-layout='kh-legacy']")[0]
    authors = next(r for r in table.xpath(".//tr") if r.xpath("th")[0].text == "authors")
    assert [td.text for td in authors.xpath("td")] == ["50"]  # half the articles have one


def test_a_line_is_read_without_its_body_whatever_the_body_holds():
    from heraldcrawl.archive.coverage import _parse

    for body in ('He said "no"', "ends in a backslash \\", '\\"', 'x\\\\"y', "", '","images":[1]'):
        r = {**record(1, START), "body": body}
        line = orjson.dumps(r)
        assert _parse(line) == {**r, "body": ""}, body
    assert _parse(b'{"id": "x", "n": 1}') == {"id": "x", "n": 1}


def test_a_revision_filed_on_another_day_counts_once_with_the_state(tmp_path, capsys):
    first = record(1, START)
    moved = {**first, "revision": 2, "published": f"{START + timedelta(days=1)}T01:00:00+09:00"}
    for r in (first, moved):
        path = tmp_path / partition_rel(r)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as fh:
            fh.write(orjson.dumps(r) + b"\n")
    from heraldcrawl.archive.state import catch_up

    state = State(tmp_path)
    catch_up(tmp_path, state)
    state.close()
    assert cli_main(["archive", "stats", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["articles"], data["lines"]) == (1, 2)
    assert data["per_day"] == {"koreaherald 2019-08-02": 1}


def test_an_html_path_in_no_folder_is_named_as_the_problem(tmp_path, capsys):
    build(tmp_path / "a")
    page = tmp_path / "nowhere" / "coverage.html"
    assert cli_main(["archive", "coverage", str(tmp_path / "a"), "--html", str(page)]) == 2
    err = capsys.readouterr().err
    assert f"--html {page}" in err and "archive folder" not in err
