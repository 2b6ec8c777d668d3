"""Instructions a page: extract_article on redesigned pages, counted by callgrind.

    python bench/bench_instructions.py [--articles 4] [--seeds 1,2,3]

Time on a shared machine moves by a tenth from one run to the next and by several times from one
machine to another; the instructions a page costs move by well under one percent. This counts
them with `valgrind --tool=callgrind` for the pages of `bench_mutated.py` (--articles of every
design, each with every --seeds redesign, rendered by the replica): once for loading the pages
alone, once for a bare lxml parse of each, once for `extract_article` of each, and prints the
instructions a page of both and their ratio, with the C walk of page text and without it.
Compare two versions of the code with it; read pages/s from `bench_mutated.py`. Needs valgrind
(Debian: apt-get install valgrind); takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile

from bench_mutated import corpus, pick

_RUN = """
import pickle, sys
from lxml import etree
from heraldcrawl.extract import extract_article, generic
pages = pickle.load(open(sys.argv[1], "rb"))
mode = sys.argv[2]
if mode == "python":
    generic.text_runs = None
    generic.text_lengths = generic._text_lengths_py
parser = etree.HTMLParser(encoding="utf-8", recover=True)
if mode == "c" and generic.text_runs is None:
    raise SystemExit("the C walk is not built: pip install -e .")
failed = 0
for url, body, headers in pages:
    if mode == "parse":
        etree.fromstring(body, parser)
    elif mode != "load":
        try:
            extract_article(body, url, headers)
        except Exception:
            failed += 1
if failed:
    raise SystemExit(f"{failed} pages raised: the figure would not be of extraction")
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(pages_file: str, mode: str) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            _RUN,
            pages_file,
            mode,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
        check=True,
    )
    m = _COLLECTED.search(out.stderr)
    if m is None:
        raise SystemExit(f"callgrind printed no count for {mode}:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=4, help="articles of every design")
    ap.add_argument("--seeds", default="1,2,3", help="redesign seeds, comma-separated")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind is not installed (apt-get install valgrind)")
        return 2
    seeds = tuple(int(s) for s in args.seeds.split(",") if s.strip())
    replica, chosen, _ = pick(max(1, args.articles))
    pages = [(art.url, body, hdrs) for _, _, art, body, hdrs in corpus(replica, chosen, seeds)]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "pages.pickle")
        with open(path, "wb") as fh:
            pickle.dump(pages, fh)
        load = instructions(path, "load")
        each = {m: (instructions(path, m) - load) / len(pages) for m in ("parse", "c", "python")}
    print(f"{len(pages)} redesigned pages of {len(chosen)} designs x {len(seeds)} seeds")
    print(f"bare lxml parse:                {each['parse'] / 1e6:6.2f} M instructions a page")
    for mode, label in (("c", "with the C walk"), ("python", "with the Python walk")):
        print(
            f"extract_article {label + ':':21s}{each[mode] / 1e6:6.2f} M instructions a page, "
            f"{each[mode] / each['parse']:.2f} parses"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
