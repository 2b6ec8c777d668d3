"""Speed of the two record validators: the hand-written one and the JSON Schema.

    python bench/bench_validate.py [--records 2000] [--rounds 5]

Both check the same records (the replica's, each also with one field broken) and must give the
same verdicts (tests/test_contract_diff.py holds them to it); the pipeline keeps the hand-written
one while it is the faster. Prints records per second of each.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import jsonschema

    from heraldcrawl.archive.contract import problems
    from heraldcrawl.record import schema
    from heraldcrawl.replica.generator import Replica

    replica = Replica(args.records)
    fetched = datetime(2026, 11, 28, tzinfo=UTC)
    good = [replica.article(i).record(fetched) for i in range(args.records)]
    bad = [{**r, "authors": [{"name": "x"}]} for r in good[: len(good) // 2]]
    bad += [{**r, "word_count": "1"} for r in good[len(good) // 2 :]]
    records = good + bad
    schema_check = jsonschema.Draft202012Validator(schema())

    def fast(r: dict) -> bool:
        return not problems(r)

    def full(r: dict) -> bool:
        return schema_check.is_valid(r)

    verdicts = {}
    rates = {}
    for name, check in (("hand-written", fast), ("JSON Schema", full)):
        best = float("inf")
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            verdict = [check(r) for r in records]
            best = min(best, time.perf_counter() - t0)
        verdicts[name] = verdict
        rates[name] = len(records) / best
        print(
            f"{name:>12}: {rates[name]:>10,.0f} records/s ({best * 1e6 / len(records):.1f} us each)"
        )
    same = verdicts["hand-written"] == verdicts["JSON Schema"]
    ratio = rates["hand-written"] / rates["JSON Schema"]
    print(f"same verdicts: {same}; the hand-written validator is {ratio:.1f}x as fast")
    return 0 if same and ratio > 1 else 1


if __name__ == "__main__":
    sys.exit(main())
