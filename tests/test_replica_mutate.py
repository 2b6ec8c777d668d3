"""The replica's mutation mode: article pages rewritten as a redesign would, text unchanged.

These tests check the mutation against the replica's own pages; they say nothing about the real
sites, hence the `replica` in every name.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from collections import Counter

import lxml.html
import pytest

from heraldcrawl.cli import build_parser
from heraldcrawl.replica import generator, pages
from heraldcrawl.replica.generator import Article, Replica
from heraldcrawl.replica.mutate import mutate_page
from heraldcrawl.replica.server import ReplicaSite
from tests.conftest import ROOT, replica_process

SEEDS = (1, 2, 17)


def _fold(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _doc(html: str):
    doc = lxml.html.document_fromstring(html)
    for el in doc.xpath("//body//script|//body//style"):
        el.drop_tree()
    return doc


def _words(html: str) -> Counter:
    """The words a reader sees, piece by piece (reordering moves pieces, never splits them)."""
    body = _doc(html).find("body")
    return Counter(w for piece in body.itertext() for w in piece.split())


def _names(html: str) -> tuple[set[str], set[str]]:
    body = lxml.html.document_fromstring(html).find("body")
    classes = {c for el in body.iter() if isinstance(el.tag, str) for c in el.classes}
    ids = {el.get("id") for el in body.iter() if isinstance(el.tag, str) and el.get("id")}
    return classes, ids


def _sample(replica: Replica, per_layout: int = 4) -> list[Article]:
    """A few articles of every design the generator knows (read at run time)."""
    picked: dict[str, list[Article]] = {layout: [] for layout in generator.LAYOUTS}
    for sk in replica.skeletons:
        if len(picked.get(sk.layout, [None] * per_layout)) < per_layout:
            picked[sk.layout].append(replica.article(sk.index))
    return [a for arts in picked.values() for a in arts]


@pytest.fixture(scope="module")
def sample(replica) -> list[tuple[Article, str]]:
    return [(art, pages.article_page(replica, art)) for art in _sample(replica)]


def test_replica_mutation_is_deterministic_per_seed_and_key(sample):
    art, html = sample[0]
    once = mutate_page(html, 5, key=art.url)
    assert mutate_page(html, 5, key=art.url) == once
    assert mutate_page(html, 6, key=art.url) != once
    assert once != html


def test_replica_mutation_renames_every_class_and_id(sample):
    for art, html in sample:
        old_classes, old_ids = _names(html)
        for seed in SEEDS:
            out = mutate_page(html, seed, key=art.url)
            classes, ids = _names(out)
            assert not classes & old_classes, (art.layout, seed, classes & old_classes)
            assert not ids & old_ids, (art.layout, seed, ids & old_ids)
            assert 'id="articleText"' not in out


def test_replica_mutation_maps_one_class_to_one_name_site_wide(sample):
    # The "Most Popular" block is on every page: under one seed it carries the same new names.
    def popular_class(html: str) -> str | None:
        body = lxml.html.document_fromstring(html).find("body")
        for el in body.iter():
            if isinstance(el.tag, str) and _fold(el.text) == "Most Popular":
                return el.get("class")
        return None

    names = {popular_class(mutate_page(h, 3, key=a.url)) for a, h in sample}
    assert len(names) == 1 and None not in names
    assert popular_class(mutate_page(sample[0][1], 4, key=sample[0][0].url)) not in names


def test_replica_mutation_keeps_the_visible_text(sample):
    for art, html in sample:
        for seed in SEEDS:
            out = mutate_page(html, seed, key=art.url)
            assert _words(out) == _words(html), (art.layout, seed, art.url)
            text = _fold(_doc(out).find("body").text_content())
            assert _fold(art.title) in text
            for para in art.printed_paragraphs:
                assert _fold(para) in text, (art.layout, seed, para[:60])
            if art.byline_raw:
                assert _fold(art.byline_raw) in text, (art.layout, seed)
            for label in ("Published : ", "Updated : ", "기사입력 ", "최종수정 "):
                assert html.count(label) == out.count(label), (art.layout, seed, label)


def test_replica_mutation_keeps_meta_and_title(sample):
    for art, html in sample:
        out = mutate_page(html, 2, key=art.url)
        before, after = _doc(html), _doc(out)
        assert before.xpath("string(//head/title)") == after.xpath("string(//head/title)")
        metas = [
            (m.get("property") or m.get("name"), m.get("content")) for m in before.iter("meta")
        ]
        assert metas == [
            (m.get("property") or m.get("name"), m.get("content")) for m in after.iter("meta")
        ]


def test_replica_mutation_moves_the_header_parts(sample):
    # The order of title and dateline changes on some pages, and tags change on some.
    moved = retagged = 0
    for art, html in sample:
        for seed in SEEDS:
            out = mutate_page(html, seed, key=art.url)
            label = next((x for x in ("Published : ", "기사입력 ") if x in html), None)
            if label is None:
                continue
            start = html.find("<body")
            before = html.find(label) < html.find(_fold(art.title), html.find("</div>", start))
            start = out.find("<body")
            after = out.find(label) < out.find(_fold(art.title), out.find("</div>", start))
            moved += before != after
            retagged += html.count("<h1") != out.count("<h1")
    assert moved and retagged


def test_replica_mutation_prints_the_dateline_after_the_body_on_some_pages(replica):
    legacy = [
        replica.article(sk.index)
        for sk in replica.skeletons
        if sk.layout == "kh-legacy" and not sk.migrated
    ][:60]
    after = Counter()
    for art in legacy:
        for seed in SEEDS:
            out = mutate_page(pages.article_page(replica, art), seed, key=art.url)
            last = _fold(art.printed_paragraphs[-1])[:40]
            after[out.find("Published : ") > out.find(last)] += 1
    assert after[True] and after[False] > after[True]


def test_replica_mutation_changes_lang_and_drops_json_ld_on_some_pages(replica):
    current = [replica.article(sk.index) for sk in replica.skeletons if sk.layout == "kh-current"][
        :40
    ]
    langs, ld = Counter(), Counter()
    for art in current:
        out = mutate_page(pages.article_page(replica, art), 9, key=art.url)
        lang = lxml.html.document_fromstring(out).get("lang")
        langs["kept" if lang == "en" else "removed" if lang is None else "changed"] += 1
        ld["kept" if "application/ld+json" in out else "dropped"] += 1
    assert langs["removed"] and langs["changed"] and langs["kept"]
    assert ld["kept"] and ld["dropped"]


def test_replica_site_serves_mutated_articles_only(replica):
    plain, mutated = ReplicaSite(replica), ReplicaSite(replica, mutate=4)
    art = next(
        replica.article(sk.index)
        for sk in replica.skeletons
        if sk.layout == "kh-legacy" and not sk.migrated
    )
    status, _, body = mutated.handle(art.host, art.path)
    assert status == 200 and b"articleText" not in body
    assert body == mutated.handle(art.host, art.path)[2]
    for target in ("/robots.txt", "/list.php?ct=020100000000", "/rss/newsAll", "/"):
        assert plain.handle(art.host, target) == mutated.handle(art.host, target), target


def test_replica_mutated_euc_kr_pages_keep_their_charset(replica):
    site = ReplicaSite(replica, mutate=8)
    arts = [
        replica.article(sk.index)
        for sk in replica.skeletons
        if sk.site == "heraldbiz" and sk.number is None
    ]
    euc = [a for a in arts if a.encoding == "cp949"][:10]
    assert euc, "the replica has no EUC-KR page to check"
    for art in euc:
        _, headers, body = site.handle(art.host, art.path)
        text = body.decode("cp949")
        assert _fold(art.title) in _fold(text)
        if art.charset_in_meta:
            assert '<meta charset="euc-kr">' in text
        assert ("euc-kr" in headers["Content-Type"]) == art.charset_in_header


def test_replica_mutate_option_parses():
    args = build_parser().parse_args(["replica", "--mutate", "3"])
    assert args.mutate == 3
    assert build_parser().parse_args(["replica"]).mutate is None


@pytest.mark.parametrize("value", ["-1", "x", "1.5", ""])
def test_replica_mutate_option_refuses_bad_values(value, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["replica", "--mutate", value])
    assert exc.value.code == 2
    assert "--mutate" in capsys.readouterr().err


def test_replica_process_serves_mutated_pages(replica, tmp_path):
    small = Replica(200)
    art = next(
        small.article(sk.index)
        for sk in small.skeletons
        if sk.layout == "kh-transitional" and not sk.migrated
    )
    with replica_process(200, None, "--mutate", "11") as url:
        request = urllib.request.Request(url + art.path, headers={"X-Herald-Host": art.host})
        with urllib.request.urlopen(request, timeout=20) as resp:
            page = resp.read().decode("utf-8")
        with urllib.request.urlopen(url + "/_replica/stats", timeout=20) as resp:
            stats = json.load(resp)
    assert page == mutate_page(pages.article_page(small, art), 11, key=art.url)
    assert stats["mutate"] == 11


def test_replica_mutated_benchmark_runs_small():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_mutated.py"), "--quick", "--pages", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for layout in generator.LAYOUTS:
        assert re.search(rf"^{re.escape(layout)} +3 ", done.stdout, re.M), done.stdout
    assert "overall" in done.stdout and "pages/s" in done.stdout
