"""The state's absence filters: built only when misses make them worth it, never wrong."""

from __future__ import annotations

import random

from heraldcrawl.archive import AbsenceFilter, State


def rec(i: int, digest: int | None = None, alias: int | None = None) -> dict:
    record = {
        "id": f"koreaherald:ud:{20190101000000 + i}",
        "content_hash": f"sha256:{(i if digest is None else digest):064x}",
        "revision": 1,
        "published": "2019-08-21T16:13:00+09:00",
        "fetched_at": "2026-11-28T00:00:00Z",
    }
    if alias is not None:
        record["fetched_url"] = f"https://www.koreaherald.com/view.php?ud={20180101000000 + alias}"
    return record


def test_filter_has_no_false_negatives_and_few_false_positives():
    rng = random.Random(7)
    f = AbsenceFilter(10_000)
    keys = [f"sha256:{rng.getrandbits(256):064x}" for _ in range(10_000)]
    for k in keys:
        f.add(k)
    assert not any(f.surely_absent(k) for k in keys)
    false = sum(not f.surely_absent(f"other:{i}") for i in range(20_000))
    assert false / 20_000 < 0.01


def test_filters_are_built_after_enough_misses_and_answer_as_the_state(tmp_path, monkeypatch):
    monkeypatch.setattr(State, "FILTER_AFTER", 50)
    state = State(tmp_path)
    state.apply([rec(i, alias=i) for i in range(100)], {"p": 1})
    for i in range(1000, 1049):
        assert state.lookup(f"koreaherald:ud:{20190101000000 + i}") is None
    assert state.ids is None  # 49 misses: not yet
    assert state.id_with_hash(f"sha256:{999_999:064x}") is None
    assert state.ids is not None and state.filter_builds == 1
    queries = []
    state.db.set_trace_callback(queries.append)
    # Everything indexed before the build is still found, by id, alias and hash.
    for i in range(100):
        assert state.lookup(f"koreaherald:ud:{20190101000000 + i}").id.endswith(str(i))
        assert state.lookup(f"koreaherald:ud:{20180101000000 + i}") is not None
        assert state.id_with_hash(f"sha256:{i:064x}") == f"koreaherald:ud:{20190101000000 + i}"
    found = len(queries)
    # Most new ids and hashes are answered without a query.
    for i in range(5000, 6000):
        assert state.lookup(f"koreaherald:ud:{20190101000000 + i}") is None
        assert state.id_with_hash(f"sha256:{i:064x}") is None
    assert len(queries) - found < 20


def test_what_is_indexed_after_the_build_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr(State, "FILTER_AFTER", 10)
    monkeypatch.setattr(AbsenceFilter, "MIN_BITS", 1 << 10)  # 64 entries: rebuilds happen
    state = State(tmp_path)
    for i in range(10):
        state.lookup(f"koreaherald:ud:{i}")
    assert state.ids is not None
    for start in range(0, 600, 100):
        state.apply([rec(i, alias=10_000 + i) for i in range(start, start + 100)], {})
        for i in range(start, start + 100):
            assert state.lookup(f"koreaherald:ud:{20190101000000 + i}") is not None
            assert state.lookup(f"koreaherald:ud:{20180101000000 + 10_000 + i}") is not None
            assert state.id_with_hash(f"sha256:{i:064x}") is not None
    assert state.filter_builds > 1  # it outgrew its bits and was rebuilt larger
    state.add_alias("koreaherald:ud:20170101000001", "koreaherald:ud:20190101000001")
    assert state.lookup("koreaherald:ud:20170101000001").id == "koreaherald:ud:20190101000001"
    # A revision's new hash is found; the old one may still pass the filter, and the query
    # then answers correctly that no article holds it any more.
    state.apply([dict(rec(3, digest=777_777), revision=2)], {})
    assert state.id_with_hash(f"sha256:{777_777:064x}") == "koreaherald:ud:20190101000003"
    assert state.id_with_hash(f"sha256:{3:064x}") is None


def test_a_large_state_waits_for_misses_worth_the_scan(tmp_path, monkeypatch):
    monkeypatch.setattr(State, "FILTER_AFTER", 10)
    state = State(tmp_path)
    state.apply([rec(i) for i in range(1000)], {})
    for i in range(99):
        state.lookup(f"koreaherald:ud:{i}")
    assert state.ids is None  # 99 misses against 1,000 rows: the scan would cost more
    state.lookup("koreaherald:ud:x")
    assert state.ids is not None


def test_reset_drops_the_filters(tmp_path, monkeypatch):
    monkeypatch.setattr(State, "FILTER_AFTER", 5)
    state = State(tmp_path)
    for i in range(5):
        state.lookup(f"koreaherald:ud:{i}")
    assert state.ids is not None
    state.reset()
    assert state.ids is None and state.hashes is None
    state.apply([rec(1)], {})
    assert state.lookup("koreaherald:ud:20190101000001") is not None
