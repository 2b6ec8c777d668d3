"""`heraldcrawl archive compress`: closed days of the archive into gzip or zstd parts."""

from __future__ import annotations

import gzip
import os
from datetime import datetime, timedelta
from pathlib import Path

from heraldcrawl.archive.files import (
    COMPRESSED,
    FORMATS,
    UNDATED,
    compressed_parts,
    is_compressed,
    partition_day,
    partitions,
    repair_torn_tail,
    zstandard_module,
)
from heraldcrawl.archive.state import State
from heraldcrawl.archive.writer import fsync_dir
from heraldcrawl.record import KST


def _part_name(day: str, n: int, suffix: str) -> str:
    """`2019-08-21.jsonl.gz` for a day's first compressed part, `2019-08-21.2.jsonl.gz`..."""
    return f"{day}{suffix}" if n == 1 else f"{day}.{n}{suffix}"


def compress(
    root: Path, state: State, older_than_days: int, today: datetime, fmt: str = "gzip"
) -> dict[str, int]:
    """Compress every dated partition whose Korea-time day is more than `older_than_days` before
    `today`: `2019-08-21.jsonl` becomes `2019-08-21.jsonl.gz`, or `2019-08-21.2.jsonl.gz` and
    so on when the day has compressed parts already (a late revision appends to a new plain
    file). Each part is the whole plain file, so run manifests still verify against it. `fmt`
    is `gzip` (the standard library) or `zstd` (`.jsonl.zst`, with the optional zstandard
    package: at level 10 a little smaller than gzip, and twice as fast to read back).

    Crash-safe: the part is written to a temporary name, made durable and renamed; only then is
    the state told and the plain file removed. A crash between the two leaves a plain file that
    `catch_up` recognises and moves aside. Returns counts (files, bytes before and after).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown compression format {fmt!r}; choose gzip or zstd")
    suffix = FORMATS[fmt]
    zstd = zstandard_module().ZstdCompressor(level=10) if fmt == "zstd" else None
    cutoff = (today.astimezone(KST) - timedelta(days=older_than_days)).date().isoformat()
    done = {"files": 0, "bytes_before": 0, "bytes_after": 0}
    for plain in partitions(root):
        day = partition_day(plain)
        if is_compressed(plain) or day == UNDATED or not (day < cutoff):
            continue
        repair_torn_tail(plain, root)
        if plain.stat().st_size == 0:
            continue
        # Parts are numbered across both formats, so a number is never used twice in a day.
        n = len(compressed_parts(plain)) + 1
        while any(plain.with_name(_part_name(day, n, x)).exists() for x in COMPRESSED):
            n += 1
        target = plain.with_name(_part_name(day, n, suffix))
        tmp = target.with_name(target.name + ".tmp")
        data = plain.read_bytes()
        with tmp.open("wb") as raw:
            if zstd is not None:
                raw.write(zstd.compress(data))  # the frame records its content size
            else:
                # mtime 0: the same lines always give the same bytes.
                with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as gz:
                    gz.write(data)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
        root_rel = plain.relative_to(root).as_posix()
        state.move_partition(root_rel, target.relative_to(root).as_posix(), target.stat().st_size)
        plain.unlink()
        fsync_dir(plain.parent)
        done["files"] += 1
        done["bytes_before"] += len(data)
        done["bytes_after"] += target.stat().st_size
    return done
