"""Datelines: heraldcrawl's fast paths against plain dateparser on the same realistic mix.

    python bench/bench_dates.py [--strings 3000]

Prints both rates, their ratio and agreement with the known answer; exits 1 if the fast path is
under 50 times dateparser's rate or is wrong anywhere dateparser is right.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta

import dateparser

from heraldcrawl.normalize import parse_dateline
from heraldcrawl.record import KST
from heraldcrawl.replica.generator import en_date, ko_date

TARGET_RATIO = 50.0


FORMS = (
    lambda dt, _: f"Published : {en_date(dt, 'ap')}",
    lambda dt, _: f"Published : {en_date(dt, 'full')}",
    lambda dt, _: f"Published : {en_date(dt, 'abbr')}",
    lambda dt, up: f"Published : {en_date(dt, 'abbr')}\xa0\xa0\xa0Updated : {en_date(up, 'abbr')}",
    lambda dt, _: f"입력 {ko_date(dt)}",
    lambda dt, _: f"기사입력 {ko_date(dt, 1)}",
    lambda dt, _: ko_date(dt, 2),
    lambda dt, _: ko_date(dt, 3),
    lambda dt, _: dt.strftime("%a, %d %b %Y %H:%M:%S +0900"),
    lambda dt, _: dt.strftime("%Y-%m-%dT%H:%M:%S"),
    lambda dt, _: f"{en_date(dt, 'ap')} By Kim Arin",
    lambda dt, _: en_date(dt, "ap", time=False),  # list pages: a date without a time
)


def mix(n: int, seed: int = 7) -> list[tuple[str, datetime]]:
    """(printed dateline, true publication time) in the forms the two sites print."""
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, tzinfo=KST)
    out = []
    for _ in range(n):
        dt = start + timedelta(minutes=rng.randrange(17 * 365 * 24 * 60))
        later = dt + timedelta(minutes=rng.randrange(5, 2000))
        form = rng.randrange(len(FORMS))
        text = FORMS[form](dt, later)
        truth = dt if form != 11 else dt.replace(hour=0, minute=0)
        out.append((text, truth))
    return out


def as_kst(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=KST) if dt.tzinfo is None else dt.astimezone(KST)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--strings", type=int, default=1500)
    args = ap.parse_args()
    cases = mix(args.strings)
    texts = [t for t, _ in cases]

    t0 = time.perf_counter()
    for t in texts[:20]:
        dateparser.parse(t)
    warm = time.perf_counter() - t0

    t0 = time.perf_counter()
    ours = [parse_dateline(t).published for t in texts]
    ours_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    theirs = [as_kst(dateparser.parse(t)) for t in texts]
    theirs_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for t in texts:
        dateparser.parse(t, languages=["en", "ko"])
    theirs_lang_s = time.perf_counter() - t0

    n = len(texts)
    ours_right = sum(o == truth for o, (_, truth) in zip(ours, cases, strict=True))
    theirs_right = sum(d == truth for d, (_, truth) in zip(theirs, cases, strict=True))
    regressions = [
        (t, truth, o)
        for o, d, (t, truth) in zip(ours, theirs, cases, strict=True)
        if d == truth and o != truth
    ]
    ours_rate, theirs_rate = n / ours_s, n / theirs_s
    ratio = ours_rate / theirs_rate
    print(f"strings: {n} (12 printed forms, English and Korean)")
    print(f"dateparser warm-up, first 20 calls: {warm * 1000:.0f} ms")
    print(
        f"parse_dateline:                    {ours_rate:12,.0f} strings/s  "
        f"({ours_s / n * 1e6:.1f} us each), right {ours_right}/{n}"
    )
    print(
        f"dateparser.parse (plain):          {theirs_rate:12,.0f} strings/s  "
        f"({theirs_s / n * 1e3:.2f} ms each), right {theirs_right}/{n}"
    )
    print(f"dateparser.parse (languages en,ko):{n / theirs_lang_s:12,.0f} strings/s")
    print(f"ratio (fast path / plain dateparser): {ratio:.0f}x  (target >= {TARGET_RATIO:.0f}x)")
    print(
        f"ratio (fast path / dateparser with languages set): {ours_rate / (n / theirs_lang_s):.0f}x"
    )
    print(f"wrong where dateparser is right: {len(regressions)}")
    for case in regressions[:5]:
        print("  ", case)
    ok = ratio >= TARGET_RATIO and not regressions
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
