"""The replica publishes like the real papers: a dense recent span and a sparse tail to 2012."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from heraldcrawl.replica.generator import (
    CURRENT_FROM,
    DEFAULT_END,
    DEFAULT_START,
    HB_PER_DAY,
    KH_PER_DAY,
    LAYOUTS,
    MIN_SPAN_DAYS,
    TRANSITIONAL_FROM,
    Replica,
)
from heraldcrawl.replica.server import ReplicaSite
from tests.conftest import ROOT, run_module


def per_day(replica: Replica, site: str) -> list[int]:
    days = Counter(
        a.published.date()
        for a in replica.skeletons
        if a.site == site and a.published >= replica.dense_start
    )
    return list(days.values())


@pytest.mark.parametrize("n", [200, 400, 1000, 2000])
@pytest.mark.parametrize("seed", [20190821, 1, 7])
def test_every_design_and_era_appears_from_200_articles(n, seed):
    replica = Replica(n, seed=seed)
    layouts = Counter(a.layout for a in replica.skeletons)
    assert set(layouts) == set(LAYOUTS)
    for legacy in ("kh-legacy", "kh-transitional", "hb-legacy"):
        assert layouts[legacy] >= 3, layouts
    for site in ("koreaherald", "heraldbiz"):
        # A legacy URL that redirects to /article/N, on each site.
        assert any(a.site == site and a.migrated for a in replica.skeletons)
    # Korea Herald articles of the legacy era that moved to /article/N (the e2e test uses one).
    assert any(a.migrated and a.published < CURRENT_FROM for a in replica.skeletons)
    assert any(a.published < TRANSITIONAL_FROM for a in replica.skeletons)
    published = [a.published for a in replica.skeletons]
    assert published == sorted(published), "skeletons must be in publication order"
    assert [a.index for a in replica.skeletons] == list(range(n))


def test_euc_kr_pages_appear_in_the_suites_replicas():
    for n in (400, 1000, 2000):
        replica = Replica(n)
        encodings = {
            replica.article(a.index).encoding for a in replica.skeletons if a.layout == "hb-legacy"
        }
        assert "cp949" in encodings, n


def test_most_articles_fall_in_the_span_at_real_daily_volumes():
    replica = Replica(20000)
    dense = [a for a in replica.skeletons if a.published >= replica.dense_start]
    assert len(dense) == 18000
    assert replica.span_days == 45  # 18,000 / (100 + 300) a day
    assert replica.dense_start == DEFAULT_END - timedelta(days=45)
    kh, hb = per_day(replica, "koreaherald"), per_day(replica, "heraldbiz")
    # Whole days inside the span (the first and last are partly outside).
    assert KH_PER_DAY * 0.8 < sorted(kh)[len(kh) // 2] < KH_PER_DAY * 1.2
    assert HB_PER_DAY * 0.8 < sorted(hb)[len(hb) // 2] < HB_PER_DAY * 1.2
    tail = [a for a in replica.skeletons if a.published < replica.dense_start]
    assert len(tail) == 2000
    assert min(a.published for a in tail) >= DEFAULT_START
    assert min(a.published for a in tail) < DEFAULT_START + timedelta(days=60)


def test_a_small_replica_is_thinner_not_shorter():
    replica = Replica(300)
    assert replica.span_days == MIN_SPAN_DAYS
    assert replica.dense_start == DEFAULT_END - timedelta(days=MIN_SPAN_DAYS)
    assert sum(a.published >= replica.dense_start for a in replica.skeletons) == 270
    # Tiny replicas still build.
    for n in (1, 2, 5, 30):
        assert len(Replica(n).skeletons) == n


def test_span_sets_the_dense_span():
    replica = Replica(1000, span=30)
    assert replica.span_days == 30
    dense = [a for a in replica.skeletons if a.published >= DEFAULT_END - timedelta(days=30)]
    assert len(dense) == 900
    assert len({a.published.date() for a in dense}) >= 30


def test_a_span_back_past_2012_has_no_tail():
    replica = Replica(500, span=6000)
    assert replica.start == replica.dense_start < DEFAULT_START
    assert len(replica.skeletons) == 500


def test_an_explicit_start_keeps_the_even_spread():
    replica = Replica(1400, start=DEFAULT_START)
    years = Counter(a.published.year for a in replica.skeletons)
    assert set(years) == set(range(2012, 2027))
    assert max(years.values()) <= 110  # about 95 a year, none dense
    assert replica.dense_start == DEFAULT_START


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": DEFAULT_START, "span": 10}, "one or the other"),
        ({"span": 0}, "positive"),
        ({"start": DEFAULT_END}, "not before"),
    ],
)
def test_bad_layout_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Replica(100, **kwargs)


def test_cli_refuses_span_with_start():
    done = run_module(
        "heraldcrawl", "replica", "--port", "0", "--span", "5", "--start", "2020-01-01"
    )
    assert done.returncode == 2
    assert "--span" in done.stderr and "--start" in done.stderr
    done = run_module("heraldcrawl", "replica", "--port", "0", "--span", "-1")
    assert done.returncode == 2
    assert "days above 0" in done.stderr


def test_golden_pages_still_come_from_the_even_layout():
    """The stored golden pages are what `python -m tests.golden.regenerate` builds today."""
    from tests.golden import regenerate

    replica = Replica(regenerate.SEED_ARTICLES, start=regenerate.SEED_START)
    site = ReplicaSite(replica)
    used: set[int] = set()
    for name, wanted in regenerate.CASES.items():
        art = next(
            replica.article(s.index)
            for s in replica.skeletons
            if s.index not in used and wanted(replica.article(s.index))
        )
        used.add(art.index)
        folder = ROOT / "tests" / "golden" / name
        assert json.loads((folder / "case.json").read_text())["url"] == art.url, name
        assert site.handle(art.host, art.path)[2] == (folder / "page.html").read_bytes(), name
