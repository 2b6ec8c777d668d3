"""The archive's files: where each record goes, how partitions are read, and their repair.

Layout under the archive folder:

    <site>/<YYYY>/<MM>/<YYYY-MM-DD>.jsonl    one article version a line (the source of truth)
    <site>/undated/undated.jsonl             records whose publication time could not be read
    <site>/<YYYY>/<MM>/<YYYY-MM-DD>.jsonl.gz a closed day, compressed (`heraldcrawl archive
                                             compress`); later parts are `<day>.2.jsonl.gz`...;
                                             `.jsonl.zst` with `--format zstd`
    _state/state.sqlite                      de-duplication state, rebuilt from the partitions
    _state/run.lock                          held by a running crawl
    _manifests/<run id>.json                 one manifest per run
    _rejects/rejects.jsonl                   records that failed validation, with the reason
    _repaired/                               torn last lines moved aside by the repair step

Every line of every partition is a complete JSON object: appends are whole lines, and a torn last
line left by a killed process is moved to `_repaired/` before anything else is written. The state
(SQLite in WAL mode) is updated only after the lines it describes are on disk, and remembers how
many bytes of each partition it has indexed, so a crash between the two is healed by indexing the
tail on the next start.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from heraldcrawl.record import KST, SITES
from heraldcrawl.urls import article_id

logger = logging.getLogger(__name__)

UNDATED = "undated"
STATE_DIR = "_state"


def partition_rel(record: dict) -> str:
    """`<site>/<YYYY>/<MM>/<YYYY-MM-DD>.jsonl` (Korea-time day); `<site>/undated/undated.jsonl`
    for records with no publication time."""
    site = record.get("site") or "unknown"
    published = record.get("published")
    if not published:
        return f"{site}/{UNDATED}/{UNDATED}.jsonl"
    if len(published) >= 10 and published.endswith("+09:00"):
        day = published[:10]  # already Korea time: no datetime needed on the hot path
    else:
        day = datetime.fromisoformat(published).astimezone(KST).date().isoformat()
    return f"{site}/{day[:4]}/{day[5:7]}/{day}.jsonl"


def partition_path(root: Path, record: dict) -> Path:
    """The partition file of a record under `root` (see `partition_rel`)."""
    return root / partition_rel(record)


def _chunks(path: Path, length: int | None = None) -> Iterator[bytes]:
    """The first `length` bytes of a partition (all of it by default) in 1 MB pieces; a
    compressed partition is read decompressed."""
    remaining = length
    with open_lines(path) as fh:
        while remaining is None or remaining > 0:
            chunk = fh.read(1 << 20 if remaining is None else min(1 << 20, remaining))
            if not chunk:
                return
            yield chunk
            if remaining is not None:
                remaining -= len(chunk)


def count_lines(path: Path, length: int | None = None) -> int:
    """Newlines in the first `length` bytes of a partition (all of it by default)."""
    return sum(chunk.count(b"\n") for chunk in _chunks(path, length))


def partitions(root: Path) -> list[Path]:
    """Every partition file under the archive folder (plain and compressed), in a stable order."""
    out: list[Path] = []
    for site in (*SITES, "unknown"):
        if (root / site).is_dir():
            out += sorted(
                p
                for p in (root / site).rglob("*.jsonl*")
                if p.name.endswith((".jsonl", *COMPRESSED))
            )
    return out


GZ = ".jsonl.gz"
ZST = ".jsonl.zst"
COMPRESSED = (GZ, ZST)
# Suffix of each `heraldcrawl archive compress --format`.
FORMATS = {"gzip": GZ, "zstd": ZST}


def is_compressed(path: Path) -> bool:
    return path.name.endswith(COMPRESSED)


def zstandard_module():
    """The optional `zstandard` module, or an error that says how to install it."""
    try:
        import zstandard
    except ImportError:
        raise RuntimeError(
            "zstd partitions need the zstandard package: pip install 'heraldcrawl[zstd]'"
        ) from None
    return zstandard


def open_lines(path: Path) -> BinaryIO:
    """A partition opened for reading lines, compressed or not."""
    if path.name.endswith(GZ):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.name.endswith(ZST):
        try:
            zstandard = zstandard_module()
        except RuntimeError as exc:
            raise RuntimeError(f"{path}: {exc}") from None
        # Buffered: zstandard's reader has no readline, and readers iterate lines.
        return io.BufferedReader(zstandard.open(path, "rb"))
    return path.open("rb")


def partition_day(path: Path) -> str:
    """The partition name a file belongs to (`2019-08-21`, `undated`), whatever its suffix:
    `2019-08-21.jsonl`, `2019-08-21.jsonl.gz` and `2019-08-21.2.jsonl.gz` are one day."""
    return path.name.split(".", 1)[0]


def record_ids(record: dict) -> set[str]:
    """The record's id and the id of the URL it was found under (a legacy alias of it)."""
    ids = {record["id"]}
    if alias := article_id(record.get("fetched_url") or ""):
        ids.add(alias)
    return ids


def repair_torn_tail(path: Path, root: Path) -> int:
    """Move a torn last line (no final newline) aside; returns the bytes moved (0 if none).

    Only the bytes after the last newline are moved; complete lines are never touched.
    Compressed partitions are written whole and renamed into place, so they have no torn tail.
    """
    if is_compressed(path):
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return 0
        # Walk back in blocks to the last newline.
        pos, block = size, 65536
        cut = 0
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            chunk = fh.read(pos - start)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                cut = start + nl + 1
                break
            pos = start
        fh.seek(cut)
        torn = fh.read()
        aside = (
            root / "_repaired" / f"{path.relative_to(root).as_posix().replace('/', '__')}"
            f".{time.strftime('%Y%m%dT%H%M%S')}.{os.getpid()}.torn"
        )
        aside.parent.mkdir(parents=True, exist_ok=True)
        aside.write_bytes(torn)
        fh.truncate(cut)
        fh.flush()
        os.fsync(fh.fileno())
    logger.warning("repaired %s: moved a torn last line of %d bytes to %s", path, len(torn), aside)
    return len(torn)


def iter_lines(path: Path, offset: int = 0) -> Iterator[tuple[int, bytes]]:
    """(byte offset after the line, line) for each complete line from `offset` (offsets count
    uncompressed bytes)."""
    with open_lines(path) as fh:
        if offset and fh.seekable():
            fh.seek(offset)
        else:  # a zstd stream cannot seek: read up to the offset
            left = offset
            while left > 0 and (skipped := len(fh.read(min(left, 1 << 20)))):
                left -= skipped
        pos = offset
        for line in fh:
            if not line.endswith(b"\n"):
                return  # a torn tail is not a line
            pos += len(line)
            yield pos, line


def file_sha256(path: Path, length: int | None = None) -> str:
    """SHA-256 of the first `length` bytes of a partition (all of it by default); a compressed
    partition is hashed decompressed."""
    digest = hashlib.sha256()
    for chunk in _chunks(path, length):
        digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def compressed_parts(plain: Path) -> list[Path]:
    """The compressed parts of the day a partition file belongs to, in order."""
    day = partition_day(plain)
    return sorted(
        p for p in plain.parent.glob(f"{day}.*") if is_compressed(p) and partition_day(p) == day
    )


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged partition raises: OS errors (a bad gzip stream is one), a
    truncated stream, a missing zstandard module, and zstandard's own error when it is there."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, RuntimeError)
    try:
        import zstandard
    except ImportError:
        return errors
    return (*errors, zstandard.ZstdError)
