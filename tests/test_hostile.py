"""Hostile pages: every reader of page text finishes fast, in bounded memory, and lets nothing
but NotAnArticle escape."""

from __future__ import annotations

import time

import pytest

from heraldcrawl.normalize import parse_wire_dateline

# Every call of a reader of page text must finish within this many seconds.
BUDGET = 2.0


def timed(fn, *args, budget: float = BUDGET, **kwargs):
    start = time.monotonic()
    result = fn(*args, **kwargs)
    took = time.monotonic() - start
    assert took < budget, f"{fn.__name__} took {took:.2f} s on {str(args)[:200]}"
    return result


# -- wire datelines ----------------------------------------------------------------------------


@pytest.mark.parametrize("words", [5, 9, 40, 400])
def test_capitalised_openers_do_not_backtrack(words):
    caps = " ".join(["KOSPI", "KOSDAQ", "SAMSUNG", "POSCO", "HYUNDAI"] * (words // 5 + 1))
    for text in (
        f"SEOUL, {caps} rose on Monday.",
        f"SEOUL, {caps}",
        f"SEOUL, {caps} -- rose",
        f"{caps} -- rose",
        f"SEOUL, {caps.title()} (",
    ):
        wire, rest = timed(parse_wire_dateline, text, budget=0.05)
        if " -- " not in text:
            assert wire is None and rest == text


@pytest.mark.parametrize(
    "text",
    [
        "BTS -- the septet is back",
        "NewJeans -- the quintet",
        "KOSPI -- stocks rose",
        "However, the plan -- which failed",
        "Samsung (which denied it) -- said",
        "Seoul (Korea Bizwire) -- a release",
        "SEOUL - a single hyphen is no dateline",
        "SEOUL, 21 -- no region",
        "SEOUL, seoul -- lower case region",
        "A -- one letter",
    ],
)
def test_a_word_before_a_dash_is_no_dateline(text):
    wire, rest = parse_wire_dateline(text)
    assert wire is None and rest == text


@pytest.mark.parametrize(
    ("text", "dateline", "place", "agency", "rest"),
    [
        ("SEOUL -- Prices rose", "SEOUL --", "SEOUL", None, "Prices rose"),
        ("NEW YORK -- Stocks fell", "NEW YORK --", "NEW YORK", None, "Stocks fell"),
        ("SEOUL, Aug.21 (Yonhap)--Glued", "SEOUL, Aug.21 (Yonhap)--", "SEOUL", "Yonhap", "Glued"),
        (
            "SEOUL, Sept. 4 (Yonhap) -- North Korea",
            "SEOUL, Sept. 4 (Yonhap) --",
            "SEOUL",
            "Yonhap",
            "North Korea",
        ),
        (
            "WASHINGTON, D.C., May 3 (AP) — The talks",
            "WASHINGTON, D.C., May 3 (AP) —",
            "WASHINGTON, D.C.",
            "AP",
            "The talks",
        ),
        ("TOKYO (Kyodo) – Japan said", "TOKYO (Kyodo) –", "TOKYO", "Kyodo", "Japan said"),
        ("SEOUL (Korea Bizwire) -- A firm", "SEOUL (Korea Bizwire) --", "SEOUL", None, "A firm"),
        ("Paris (AFP) -- France", "Paris (AFP) --", "Paris", "AFP", "France"),
        (
            "  GENEVA, Switzerland -- Talks",
            "GENEVA, Switzerland --",
            "GENEVA, Switzerland",
            None,
            "Talks",
        ),
    ],
)
def test_plausible_places_are_datelines(text, dateline, place, agency, rest):
    wire, remainder = parse_wire_dateline(text)
    assert wire is not None, text
    assert (wire.text, wire.place, wire.agency, remainder) == (dateline, place, agency, rest)
