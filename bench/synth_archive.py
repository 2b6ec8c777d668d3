"""A large archive folder made with the replica's generator, without crawling.

    python bench/synth_archive.py [--records 1000000]

Writes the records a perfect crawl of `Replica(n)` would archive, laid out as the archive lays
them out (`partition_rel`): plain `.jsonl` days, the oldest closed days as `.jsonl.gz` and some as
`.jsonl.zst`, and a second revision of one article in a hundred (a correction, in the same day's
file). Cached under /tmp by size, so the export and coverage benchmarks share it.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FETCHED = datetime(2026, 11, 28, tzinfo=UTC)
REVISED_EVERY = 100  # one article in this many gets a revision 2


def cache_dir(records: int) -> Path:
    return Path("/tmp") / f"heraldcrawl-bench-archive-{records}"


def build(records: int, out: Path | None = None, quiet: bool = False) -> Path:
    """The folder of a synthetic archive of `records` articles (plus revisions); built once."""
    sys.path.insert(0, str(ROOT))
    import orjson

    from heraldcrawl.archive.files import partition_rel
    from heraldcrawl.record import content_hash
    from heraldcrawl.replica.generator import Replica

    out = out or cache_dir(records)
    done = out / ".complete"
    if done.exists():
        return out
    t0 = time.perf_counter()
    replica = Replica(records)
    buffers: dict[str, list[bytes]] = {}
    written = 0

    def flush() -> None:
        for rel, lines in buffers.items():
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("ab") as fh:
                fh.write(b"".join(lines))
        buffers.clear()

    for i in range(records):
        record = replica.article(i).record(FETCHED)
        rel = partition_rel(record)
        buffers.setdefault(rel, []).append(orjson.dumps(record) + b"\n")
        if i % REVISED_EVERY == 0:
            body = record["body"] + " Correction: an earlier version misstated a figure."
            fix = {**record, "body": body, "revision": 2}
            fix["content_hash"] = content_hash(fix["title"], body)
            buffers[rel].append(orjson.dumps(fix) + b"\n")
            written += 1
        written += 1
        if i % 50_000 == 49_999:
            flush()
            if not quiet:
                print(f"  {i + 1:,} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    flush()
    _compress_oldest(out)
    done.write_text(f"{written}\n")
    if not quiet:
        print(
            f"built {out}: {written:,} lines in {time.perf_counter() - t0:.0f} s", file=sys.stderr
        )
    return out


def _compress_oldest(out: Path) -> None:
    """Days before 2019 as gzip parts, 2019 as zstd: every kind of part the archive holds."""
    import zstandard

    zstd = zstandard.ZstdCompressor(level=3)
    for plain in sorted(out.glob("*/*/*/*.jsonl")):
        year = plain.name[:4]
        if year >= "2020":
            continue
        data = plain.read_bytes()
        if year < "2019":
            with gzip.open(plain.with_name(plain.name + ".gz"), "wb", compresslevel=1) as fh:
                fh.write(data)
        else:
            plain.with_name(plain.name + ".zst").write_bytes(zstd.compress(data))
        plain.unlink()


def lines_of(folder: Path) -> int:
    return int((folder / ".complete").read_text())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    args = ap.parse_args()
    folder = build(args.records)
    print(f"{folder}: {lines_of(folder):,} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
