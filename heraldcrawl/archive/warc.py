"""WARC capture: every response the crawl receives, with its request, as WARC/1.1 records.

Files (`<archive>/warc/<site>/heraldcrawl-<site>-<YYYYMMDDhhmmss>-<nnnnn>.warc.gz`, in the
CC-NEWS style: the UTC time the file was opened, like every WARC-Date, and a serial that goes on
across runs) start with a `warcinfo` record; then each capture is a `response` record and its
`request` record (`WARC-Concurrent-To` the response), each its own gzip member, so any record can
be read back alone with a seek. A run always opens new files, and a file that would pass
`HERALD_WARC_MAX_BYTES` is closed and the next serial opened.

The payload is the HTTP body as received, after the transfer coding only: the middleware sits
above Scrapy's decompression (590), so a gzip answer is stored gzipped with its
`Content-Encoding` header, and WARC readers (warcio's `content_stream()`) decode it. That is why
the crawl asks for `gzip, deflate` only: WARC readers do not decode zstd. `Transfer-Encoding` is
left out of the stored headers (the body is already de-chunked) and `Content-Length` is the
stored length.

Durability: the records of an item are written (one `os.write`) before the item exists, and the
archive's writer thread calls `WarcFiles.sync` before it writes each batch of JSON lines, so a
record's `warc` pointer never names bytes that are not on disk once its line is.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import io
import logging
import os
import re
import threading
import zlib
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from heraldcrawl import __version__
from heraldcrawl.urls import site_of_host

logger = logging.getLogger(__name__)

WARC_DIR = "warc"
DEFAULT_MAX_BYTES = 1_000_000_000
# Compression is most of a capture's cost. ISA-L (the `isal` package) at level 1 takes 0.06 ms
# for a 77 KB page and gives 13.4 KB; zlib takes 0.15 ms at its fastest level (14.1 KB) and
# 0.43 ms at level 6 (10.7 KB); warcio's own writer uses zlib at 9. Both write plain gzip.
try:
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - isal ships wheels for the usual platforms
    _deflate = zlib
GZIP_LEVEL = 1
_NAME = re.compile(r"^heraldcrawl-([a-z]+)-(\d{14})-(\d{5,9})\.warc\.gz$")
# Hop-by-hop or transfer headers that do not describe the stored payload.
_LEFT_OUT = frozenset((b"transfer-encoding", b"content-length", b"connection", b"keep-alive"))


def warc_name(site: str, opened: datetime, serial: int) -> str:
    """`heraldcrawl-<site>-<YYYYMMDDhhmmss>-<nnnnn>.warc.gz` (UTC)."""
    return f"heraldcrawl-{site}-{opened.astimezone(UTC):%Y%m%d%H%M%S}-{serial:05d}.warc.gz"


def _sha1(digest) -> str:
    return "sha1:" + base64.b32encode(digest.digest()).decode("ascii")


def _gzip_member(data: bytes, level: int) -> bytes:
    comp = _deflate.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return comp.compress(data) + comp.flush()


class _File:
    __slots__ = ("fd", "rel", "site", "size")

    def __init__(self, fd: int, rel: str, size: int, site: str) -> None:
        self.fd, self.rel, self.size, self.site = fd, rel, size, site


class WarcFiles:
    """The open WARC files of one run, one per site; safe to use from two threads (the crawl's,
    which writes, and the archive's writer thread, which syncs)."""

    def __init__(
        self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES, level: int = GZIP_LEVEL, stats=None
    ) -> None:
        self.root = Path(root)
        self.max_bytes = max(1, max_bytes)
        self.level = level
        self.stats = stats
        self.lock = threading.Lock()
        self.open: dict[str, _File] = {}
        self.dirty: set[int] = set()  # descriptors written since their last sync
        self.new_dirs: set[str] = set()  # folders with a new entry not yet durable
        self.serials: dict[str, int] = {}
        self.closed = False
        # A builder only: records go to a buffer, then out in one write.
        self._builder = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")

    # -- files ---------------------------------------------------------------------------------

    def _next_serial(self, site: str, folder: Path) -> int:
        if site not in self.serials:
            last = -1
            if folder.is_dir():
                for entry in os.scandir(folder):
                    if m := _NAME.match(entry.name):
                        last = max(last, int(m.group(3)))
            self.serials[site] = last
        self.serials[site] += 1
        return self.serials[site]

    def _open(self, site: str) -> _File:
        folder = self.root / WARC_DIR / site
        if not folder.is_dir():
            missing = []
            probe = folder
            while not probe.is_dir():
                missing.append(probe)
                probe = probe.parent
            for d in reversed(missing):
                with contextlib.suppress(FileExistsError):
                    d.mkdir()
                self.new_dirs.add(str(d.parent))
        name = warc_name(site, datetime.now(UTC), self._next_serial(site, folder))
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(folder / name, flags, 0o644)
        self.new_dirs.add(str(folder))
        f = _File(fd, f"{WARC_DIR}/{site}/{name}", 0, site)
        info = self._builder.create_warcinfo_record(
            name,
            {
                "software": f"heraldcrawl/{__version__}",
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            },
        )
        self._write(f, self._member(info))
        self.open[site] = f
        if self.stats is not None:
            self.stats.inc_value("herald/warc/files")
        return f

    def _write(self, f: _File, data: bytes) -> None:
        done = 0
        while done < len(data):
            done += os.write(f.fd, data[done:] if done else data)
        f.size += len(data)
        self.dirty.add(f.fd)

    def _member(self, record) -> bytes:
        buf = io.BytesIO()
        self._builder.out = buf
        self._builder.write_record(record)
        return _gzip_member(buf.getvalue(), self.level)

    def _http_member(
        self,
        kind: str,
        rid: str,
        url: str,
        date: str,
        http_head: bytes,
        payload: bytes,
        extra: list[tuple[str, str]],
    ) -> bytes:
        """One `response` or `request` record as a gzip member. The headers are warcio's;
        the page is digested and compressed here in one pass each, without warcio's writer,
        which copied it through its buffers and digested it twice (a third of the cost of a
        capture). A response carries the payload digest (what deduplicating readers and CDX
        indexes use), not the optional block digest, which would cost a second SHA-1 of the
        page; a request carries the block digest."""
        headers = [
            ("WARC-Type", kind),
            ("WARC-Record-ID", rid),
            ("WARC-Date", date),
            ("WARC-Target-URI", url),
            *extra,
            ("Content-Type", f"application/http; msgtype={kind}"),
        ]
        if payload:
            headers.append(("WARC-Payload-Digest", _sha1(hashlib.sha1(payload))))
        else:
            headers.append(("WARC-Block-Digest", _sha1(hashlib.sha1(http_head))))
        headers.append(("Content-Length", str(len(http_head) + len(payload))))
        comp = _deflate.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        out = [
            comp.compress(StatusAndHeaders("", headers, protocol="WARC/1.1").to_bytes()),
            comp.compress(http_head),
            comp.compress(payload),
            comp.compress(b"\r\n\r\n"),
            comp.flush(),
        ]
        return b"".join(out)

    def _close_file(self, f: _File) -> None:
        # Always: a `sync` running on the writer thread may have taken this descriptor off
        # `dirty` and not reached it yet.
        os.fdatasync(f.fd)
        self.dirty.discard(f.fd)
        os.close(f.fd)

    # -- capture -------------------------------------------------------------------------------

    def capture(
        self,
        url: str,
        status: int,
        response_headers: list[tuple[str, str]],
        body: bytes,
        request_line: str,
        request_headers: list[tuple[str, str]],
        protocol: str = "HTTP/1.1",
        ip: str | None = None,
    ) -> dict[str, Any]:
        """Write one response and its request; returns the response's pointer
        `{file, offset, length, record_id}` (file relative to the archive root)."""
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        http = StatusAndHeaders(
            f"{status} {reason}".strip(),
            [*response_headers, ("Content-Length", str(len(body)))],
            protocol=protocol,
        )
        date = datetime_to_iso_date(datetime.now(UTC).replace(tzinfo=None), use_micros=True)
        rid = StatusAndHeadersParser.make_warc_id()
        first = self._http_member(
            "response",
            rid,
            url,
            date,
            http.to_bytes(),
            body,
            [("WARC-IP-Address", ip)] if ip else [],
        )
        request = StatusAndHeaders(request_line, request_headers, is_http_request=True)
        second = self._http_member(
            "request",
            StatusAndHeadersParser.make_warc_id(),
            url,
            date,
            request.to_bytes(),
            b"",
            [("WARC-Concurrent-To", rid)],
        )
        data = first + second
        site = site_of_host(urlsplit(url).hostname) or "other"
        with self.lock:
            if self.closed:
                raise RuntimeError("WARC capture is closed")
            f = self.open.get(site) or self._open(site)
            if f.size > 0 and f.size + len(data) > self.max_bytes and f.size > 1024:
                self._close_file(f)
                del self.open[site]
                if self.stats is not None:
                    self.stats.inc_value("herald/warc/rotated")
                f = self._open(site)
            offset = f.size
            self._write(f, data)
        if self.stats is not None:
            self.stats.inc_value("herald/warc/records", 2)
            self.stats.inc_value("herald/warc/bytes", len(data))
        return {"file": f.rel, "offset": offset, "length": len(first), "record_id": rid}

    # -- durability ----------------------------------------------------------------------------

    def sync(self) -> None:
        """Every record written so far on disk, and the folder entries of new files.

        The syncs run outside the lock, so the crawl's thread goes on capturing meanwhile. A
        file closed in between was synced by `_close_file`; its descriptor number then names
        nothing (EBADF, ignored) or a newer file (synced for nothing)."""
        with self.lock:
            fds, self.dirty = self.dirty, set()
            folders, self.new_dirs = self.new_dirs, set()
        for fd in fds:
            try:
                os.fdatasync(fd)
            except OSError as exc:
                if exc.errno != errno.EBADF:
                    raise
        for folder in folders:
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    def close(self) -> None:
        with self.lock:
            if self.closed:
                return
            self.closed = True
            for f in self.open.values():
                self._close_file(f)
            self.open.clear()
        self.sync()


# -- reading ------------------------------------------------------------------------------------


class WarcReadError(OSError):
    """A pointer names a file that is missing, or bytes that are not a whole response."""


def read_record(root: Path, pointer: dict) -> tuple[str, dict[str, str], bytes]:
    """(target URI, HTTP headers with lower-case names, page bytes decoded of their content
    coding) of the response a record's `warc` pointer names."""
    path = Path(root) / pointer["file"]
    try:
        with path.open("rb") as fh:
            fh.seek(pointer["offset"])
            data = fh.read(pointer["length"])
    except OSError as exc:
        raise WarcReadError(exc.errno, f"{path}: {exc.strerror or exc}") from exc
    if len(data) != pointer["length"]:
        raise WarcReadError(
            None, f"{path}: {pointer['length']} bytes at {pointer['offset']} cut short"
        )
    try:
        return _read_plain(data)
    except (zlib.error, _deflate.error, ValueError, KeyError, UnicodeDecodeError):
        pass  # not the shape this crawler writes: warcio's reader decides
    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type != "response":
                break
            headers = {k.lower(): v for k, v in rec.http_headers.headers}
            body = rec.content_stream().read()
            return rec.rec_headers.get_header("WARC-Target-URI"), headers, body
    except Exception as exc:  # warcio raises several kinds on damaged bytes
        raise WarcReadError(None, f"{path} at {pointer['offset']}: {exc}") from exc
    raise WarcReadError(None, f"{path} at {pointer['offset']}: no response record there")


def _header_block(text: str) -> dict[str, str]:
    out = {}
    for line in text.split("\r\n"):
        name, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"not a header line: {line[:80]!r}")
        out[name.strip().lower()] = value.strip()
    return out


def _read_plain(data: bytes) -> tuple[str, dict[str, str], bytes]:
    """The fast path of `read_record` for the members this crawler writes (one gzip member,
    one response, no transfer coding, gzip/deflate/identity content): a fraction of the time
    warcio's reader takes, which reparse spends once a page. Raises ValueError otherwise."""
    raw = _deflate.decompress(data, zlib.MAX_WBITS | 16)
    end = raw.find(b"\r\n\r\n")
    if end < 0 or not raw.startswith(b"WARC/1."):
        raise ValueError("no WARC header")
    _, _, rest = raw[:end].decode("utf-8").partition("\r\n")
    warc = _header_block(rest)
    if warc["warc-type"] != "response" or not warc["content-type"].startswith("application/http"):
        raise ValueError("not an HTTP response record")
    block = raw[end + 4 : end + 4 + int(warc["content-length"])]
    split = block.find(b"\r\n\r\n")
    if split < 0:
        raise ValueError("no HTTP header")
    status, _, rest = block[:split].decode("latin-1").partition("\r\n")
    if not status.startswith("HTTP/"):
        raise ValueError("no HTTP status line")
    headers = _header_block(rest) if rest else {}
    if "transfer-encoding" in headers:
        raise ValueError("transfer coding: warcio's reader decodes it")
    body = block[split + 4 :]
    coding = headers.get("content-encoding", "identity").lower()
    if coding in ("gzip", "x-gzip"):
        body = _deflate.decompress(body, zlib.MAX_WBITS | 16)
    elif coding == "deflate":
        try:
            body = zlib.decompress(body)
        except zlib.error:
            body = zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    elif coding not in ("identity", ""):
        raise ValueError(f"content coding {coding}: warcio's reader decodes it")
    return warc["warc-target-uri"], headers, body


# -- the downloader middleware ------------------------------------------------------------------


def _headers(headers) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        if name.lower() in _LEFT_OUT:
            continue
        key = name.decode("latin-1")
        out += [(key, v.decode("latin-1")) for v in values]
    return out


def warc_files_for(crawler) -> WarcFiles | None:
    """The crawl's WarcFiles (None while capture is off), made on first use and made durable
    with the archive's batches."""
    files = getattr(crawler, "herald_warc", None)
    if files is None and crawler.settings.getbool("HERALD_WARC", True):
        from heraldcrawl.archive.store import store_for

        s = crawler.settings
        files = WarcFiles(
            Path(s.get("HERALD_ARCHIVE_DIR") or "output"),
            s.getint("HERALD_WARC_MAX_BYTES", DEFAULT_MAX_BYTES),
            stats=crawler.stats,
        )
        store_for(crawler).before_write.append(files.sync)
        crawler.herald_warc = files
    return files


class WarcCaptureMiddleware:
    """Writes every response as it came off the wire (redirect hops, answers later retried,
    robots.txt included) with its request, and puts the response's pointer in
    `request.meta["herald_warc"]`: a retry or a redirect copies the meta and its own response
    replaces the pointer, so the page the spider parses is the one named."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.files: WarcFiles | None = None
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("HERALD_WARC", True):
            raise NotConfigured
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_response(self, request, response, spider=None):
        if self.failed:
            return response
        if self.files is None:
            self.files = warc_files_for(self.crawler)
        parts = urlsplit(request.url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        req_headers = [("Host", parts.netloc), *_headers(request.headers)]
        try:
            pointer = self.files.capture(
                response.url,
                response.status,
                _headers(response.headers),
                response.body,
                f"{request.method} {target} HTTP/1.1",
                req_headers,
                protocol=getattr(response, "protocol", None) or "HTTP/1.1",
                ip=str(response.ip_address) if getattr(response, "ip_address", None) else None,
            )
        except OSError as exc:
            # A full disk: the archive's own write fails next and stops the run (status 7).
            self.failed = True
            self.crawler.stats.inc_value("herald/warc/write_failed")
            logger.error("WARC capture stopped: %s", exc)
            return response
        request.meta["herald_warc"] = pointer
        return response

    def spider_closed(self, spider=None) -> None:
        files = getattr(self.crawler, "herald_warc", None)
        if files is not None:
            files.close()
