"""Appending whole lines to partitions and making them durable (fdatasync, syncfs)."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Any

from heraldcrawl.archive.files import count_lines


def fsync_dir(path: str | os.PathLike) -> None:
    """Make a folder's entries (a new file or folder in it) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# fdatasync skips timestamps but keeps the size an append changed: enough, and cheaper.
sync_data = getattr(os, "fdatasync", os.fsync)


def _load_syncfs():
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int]
    fn.restype = ctypes.c_int
    return fn


_SYNCFS = _load_syncfs()


def can_sync_filesystem() -> bool:
    """Whether `sync_filesystem` exists here (Linux)."""
    return _SYNCFS is not None


def sync_filesystem(fd: int) -> None:
    """Make every written file and folder entry of the file system holding `fd` durable, in
    one call (Linux `syncfs`).

    A batch of appends spread over a hundred days is a hundred partitions; one `syncfs` costs
    about a tenth of a hundred `fdatasync` calls here. Since Linux 5.8 it also reports write-back
    errors, as `fdatasync` does.
    """
    if _SYNCFS is None:
        raise OSError(f"syncfs is not available on {sys.platform}")
    if _SYNCFS(fd) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"syncfs: {os.strerror(err)}")


FSYNC_MODES = ("auto", "files")


def check_fsync_mode(value: str) -> str:
    """`value` if it is a known HERALD_FSYNC_MODE, else a ValueError that says what to use."""
    if value not in FSYNC_MODES:
        raise ValueError(
            f"HERALD_FSYNC_MODE={value!r}: use 'auto' (one sync of the archive's file system a "
            "batch, where the system has it) or 'files' (each file on its own)"
        )
    return value


def write_all(fd: int, data: bytes) -> None:
    """os.write until all of `data` is written (a regular file takes it whole, short of an
    error such as a full disk)."""
    done = 0
    while done < len(data):
        done += os.write(fd, data[done:] if done else data)


_NEW_FILE = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_OLD_FILE = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)


class PartitionWriter:
    """The partition files of a crawl: appends whole lines and makes them durable.

    Used by one thread at a time (the archive's writer thread). It works on raw descriptors and
    string paths, so the thread spends its time in system calls, which release the interpreter
    lock, and little in Python, which holds it. At most `MAX_OPEN` files stay open, the least
    recently used closed first.
    """

    MAX_OPEN = 256

    def __init__(self, root: Path, whole_fs: bool) -> None:
        self.root = str(root)
        # One syncfs a batch instead of an fdatasync per partition and an fsync per new folder.
        self.whole_fs = whole_fs
        self.root_fd = os.open(root, os.O_RDONLY)
        self.root_dev = os.fstat(self.root_fd).st_dev
        self.fds: OrderedDict[str, int] = OrderedDict()  # open partitions
        self.sizes: dict[str, int] = {}  # bytes in each open or written partition
        self.counted: set[str] = set()  # partitions whose lines before this crawl are known
        # SHA-256 of each partition this crawl created, kept as it is written: the manifest
        # then need not read those files back.
        self.hashes: dict[str, Any] = {}
        self.dirty: set[str] = set()  # open partitions with lines not yet durable
        self.closed_dirty: set[str] = set()  # closed since the last durable point
        self.new_dirs: set[str] = set()  # folders with a new entry not yet made durable
        self.made_dirs: set[str] = set()
        self.fallbacks = 0
        # A test seam (HERALD_TEST_DISK_FULL_AFTER): writes past this many bytes fail as on a
        # full disk, where no small file system can be mounted for the test.
        self.full_after: int | None = None
        self.bytes_written = 0

    def write(self, lines: list[tuple[str, bytes]]) -> tuple[dict[str, int], dict[str, int]]:
        """Append (partition, line) pairs in order and make them durable.

        Returns the size of every partition written, and the line count before this crawl of
        each existing partition opened for the first time.
        """
        by_rel: dict[str, list[bytes]] = {}
        for rel, line in lines:
            by_rel.setdefault(rel, []).append(line)
        before: dict[str, int] = {}
        for rel, chunk in by_rel.items():
            fd = self.fds.get(rel)
            if fd is not None:
                self.fds.move_to_end(rel)
            else:
                fd = self._open(rel, before)
            data = b"".join(chunk)
            try:
                if self.full_after is not None and self.bytes_written + len(data) > self.full_after:
                    room = max(0, self.full_after - self.bytes_written)
                    write_all(fd, data[:room])  # a full disk takes part of a write
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                write_all(fd, data)
                self.bytes_written += len(data)
            except OSError:
                self._undo(rel)
                raise
            self.sizes[rel] += len(data)
            if (digest := self.hashes.get(rel)) is not None:
                digest.update(data)
            self.dirty.add(rel)
        return self._durable(), before

    def _undo(self, rel: str) -> None:
        """After a failed write (a full disk): cut the partition back to its last whole line,
        so no torn line is left in the middle once later lines follow, and forget its size."""
        fd = self.fds.pop(rel)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, self.sizes[rel])
        with contextlib.suppress(OSError):
            os.close(fd)
        del self.sizes[rel]
        self.hashes.pop(rel, None)  # the file may not be what was hashed: read it back
        self.dirty.discard(rel)

    def _open(self, rel: str, before: dict[str, int]) -> int:
        if len(self.fds) >= self.MAX_OPEN:
            self._evict()
        path = f"{self.root}/{rel}"
        folder = path.rpartition("/")[0]
        if folder not in self.made_dirs:
            self._make_dirs(folder)
        try:
            fd = os.open(path, _NEW_FILE, 0o644)  # a new partition: its folder must learn of it
            self.new_dirs.add(folder)
            self.sizes[rel] = 0
            self.counted.add(rel)
            self.hashes[rel] = hashlib.sha256()
        except FileExistsError:
            fd = os.open(path, _OLD_FILE)
            if rel not in self.sizes:
                self.sizes[rel] = os.fstat(fd).st_size
            if rel not in self.counted:
                before[rel] = count_lines(Path(path))
                self.counted.add(rel)
        self.fds[rel] = fd
        return fd

    def _evict(self) -> None:
        """Close the least recently used file; its lines become durable with the batch."""
        rel, fd = self.fds.popitem(last=False)
        if rel in self.dirty:
            if not self.whole_fs:
                sync_data(fd)  # per-file mode cannot reach a closed file later
            self.closed_dirty.add(rel)
            self.dirty.discard(rel)
        os.close(fd)

    def _make_dirs(self, folder: str) -> None:
        missing = []
        probe = folder
        while not os.path.isdir(probe):
            missing.append(probe)
            probe = os.path.dirname(probe)
        if self.whole_fs and os.stat(probe).st_dev != self.root_dev:
            # A partition folder mounted or linked from another disk: syncfs of the archive's
            # own file system would not reach it. Everything written so far lies on the
            # archive's disk: make it durable, then go file by file.
            if self.dirty or self.closed_dirty or self.new_dirs:
                sync_filesystem(self.root_fd)
            self.new_dirs.clear()
            self.whole_fs = False
            self.fallbacks += 1
        for d in reversed(missing):
            with contextlib.suppress(FileExistsError):
                os.mkdir(d)
            self.new_dirs.add(os.path.dirname(d))
        self.made_dirs.add(folder)

    def _durable(self) -> dict[str, int]:
        """Data, then new folder entries, on disk; returns the size of each partition written."""
        written = self.dirty | self.closed_dirty
        if self.whole_fs:
            if written or self.new_dirs:
                sync_filesystem(self.root_fd)
        else:
            for rel in self.dirty:
                sync_data(self.fds[rel])
            for folder in self.new_dirs:
                fsync_dir(folder)
        self.dirty.clear()
        self.closed_dirty.clear()
        self.new_dirs.clear()
        return {rel: self.sizes[rel] for rel in written}

    def sha256(self, rel: str) -> str | None:
        """The checksum of a partition this crawl created, as `file_sha256` gives it; None
        for others."""
        digest = self.hashes.get(rel)
        return "sha256:" + digest.hexdigest() if digest is not None else None

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()
        os.close(self.root_fd)
