"""Extraction in worker processes, so parsing uses a core the crawl engine does not.

Scrapy runs every callback on one thread, and parsing a 77 KB page is the largest single cost of
a crawl. Because `extract_article` is a pure function of bytes, URL and charset, it can run in
another process; so can `read_list`, the reader of list pages. Each worker is
`python -m heraldcrawl.extract.pool` talking over its stdin and stdout: the engine writes
length-prefixed pages and reads length-prefixed JSON results back, in order, through the event
loop. No helper threads take the engine's interpreter lock (the standard library's process pool
has two, and they cost about 0.7 ms a page here).

`HERALD_EXTRACT_WORKERS` sets the number of processes; 0 extracts inline, as do crawls on one
core or without the asyncio reactor. A worker that dies (a crash in the parser, the OOM killer)
is not replaced: its pages and the rest of the crawl are extracted inline, and
`herald/extract/worker_lost` is counted. Workers exit when the crawl closes their stdin, and
also when the crawl itself is killed (end of file on stdin).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import struct
import sys
from collections import deque

import orjson

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]

from heraldcrawl.extract import NotAnArticle, extract_article
from heraldcrawl.extract.lists import read_list
from heraldcrawl.loaders import normalise_record

logger = logging.getLogger(__name__)

# Request frame: the task, lengths of URL, content type and body, then the three. Reply frame:
# length, then JSON [kind, result or message].
_REQUEST = struct.Struct("<BIII")
_REPLY = struct.Struct("<I")


class ExtractionError(RuntimeError):
    """extract_article failed in a worker with an unexpected error (a bug); names the page."""


# Reply kinds.
_OK, _NOT_ARTICLE, _FAILED = 0, 1, 2


def extract_record(body: bytes, url: str, content_type: str | None) -> dict:
    """`extract_article`, then the item loader's byline and date processors: everything the
    crawl does to a page that depends on nothing but the page."""
    headers = {"content-type": content_type} if content_type else None
    return normalise_record(extract_article(body, url, headers))


# Tasks: what a worker can do to a page, by number.
ARTICLE, LIST = 0, 1
_TASKS = (extract_record, read_list)


def _answer(task: int, body: bytes, url: str, content_type: str | None) -> tuple[int, dict | str]:
    try:
        return _OK, _TASKS[task](body, url, content_type)
    except NotAnArticle as exc:
        return _NOT_ARTICLE, str(exc)
    except Exception as exc:  # the worker must outlive one bad page
        return _FAILED, f"{url}: {type(exc).__name__}: {exc}"


def default_workers() -> int:
    """One worker when a second core exists: the engine keeps the first."""
    return 1 if (os.cpu_count() or 1) >= 2 else 0


def _widen_pipe(pipe_transport) -> None:
    # A page (about 77 KB) fits a 1 MB pipe in one write; the default 64 KB pipe takes two
    # writes and a wake-up of the event loop between them.
    size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    pipe = pipe_transport.get_extra_info("pipe") if pipe_transport is not None else None
    if size is None or pipe is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), size, 1 << 20)


class _Replies(asyncio.SubprocessProtocol):
    """Cuts the worker's stdout into replies as the event loop reads it: no reader task, so a
    reply costs no task wake-up, and one read can carry several replies."""

    def __init__(self) -> None:
        self.worker: _Worker | None = None
        self.buffer = bytearray()
        self.exited = asyncio.get_running_loop().create_future()

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        if fd != 1 or self.worker is None:
            return
        buffer = self.buffer
        buffer += data
        pos, end = 0, len(buffer)
        while end - pos >= _REPLY.size:
            (size,) = _REPLY.unpack_from(buffer, pos)
            if end - pos - _REPLY.size < size:
                break
            start = pos + _REPLY.size
            pos = start + size
            self.worker.replied(orjson.loads(memoryview(buffer)[start:pos]))
        del buffer[:pos]

    def pipe_connection_lost(self, fd: int, exc: Exception | None) -> None:
        if fd == 1 and self.worker is not None:
            self.worker.gone()

    def process_exited(self) -> None:
        if self.worker is not None:
            self.worker.gone()
        if not self.exited.done():
            self.exited.set_result(None)


class _Worker:
    # Pages written ahead of the worker's replies; they fit the widened pipe, so a write never
    # waits in the transport's buffer (which copies what it holds on every partial write).
    AHEAD = 8

    def __init__(self, transport: asyncio.SubprocessTransport, replies: _Replies) -> None:
        self.transport = transport
        self.replies = replies
        self.stdin = transport.get_pipe_transport(0)
        self.waiting: deque[asyncio.Future] = deque()  # written, reply not read yet
        self.queued: deque[tuple[bytes, bytes]] = deque()  # (head, body) not written yet
        self.alive = True
        replies.worker = self

    @property
    def pid(self) -> int:
        return self.transport.get_pid()

    def replied(self, reply: list) -> None:
        try:
            future = self.waiting.popleft()
        except IndexError:
            return  # a reply nobody asked for: ignored
        if not future.done():
            future.set_result(reply)
        self._write_ahead()

    def gone(self) -> None:
        if not self.alive:
            return
        self.alive = False
        self.queued.clear()
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_exception(EOFError("extraction worker exited"))

    def _write_ahead(self) -> None:
        while self.queued and len(self.waiting) - len(self.queued) < self.AHEAD:
            # Two writes, not one joined frame: joining copies the page (about 60 us).
            head, body = self.queued.popleft()
            self.stdin.write(head)
            self.stdin.write(body)

    def submit(self, task: int, body: bytes, url: str, content_type: str | None) -> asyncio.Future:
        u, c = url.encode(), (content_type or "").encode()
        future = asyncio.get_running_loop().create_future()
        if not self.alive:
            future.set_exception(EOFError("extraction worker exited"))
            return future
        self.waiting.append(future)
        self.queued.append((b"".join((_REQUEST.pack(task, len(u), len(c), len(body)), u, c)), body))
        self._write_ahead()
        return future

    async def close(self) -> None:
        if not self.stdin.is_closing():
            self.stdin.close()
        try:
            await asyncio.wait_for(asyncio.shield(self.replies.exited), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self.transport.kill()
            await self.replies.exited
        self.transport.close()


class ExtractPool:
    """`await pool.extract(body, url, content_type)`: the record of `extract_record`, or
    NotAnArticle raised; `await pool.read_list(...)`: what `read_list` returns."""

    def __init__(self, workers: int, stats=None) -> None:
        self.size = max(0, workers)
        self.stats = stats
        self.workers: list[_Worker] = []
        self.ready: asyncio.Future | None = None  # the start of the workers
        self.turn = 0
        if stats is not None and not self.size:
            stats.set_value("herald/extract/workers", 0)

    def warm(self) -> None:
        """Start the workers now, in the background: a worker takes about 0.6 s to import its
        modules, which then overlaps the crawl's first downloads instead of delaying the first
        page it is sent. Needs a running asyncio loop when there are workers to start; `extract`
        and `read_list` call it too. A pool of no workers has nothing to start."""
        if self.ready is None and self.size:
            self.ready = asyncio.ensure_future(self._start())

    async def _start(self) -> None:
        for _ in range(self.size):
            try:
                transport, replies = await asyncio.get_running_loop().subprocess_exec(
                    _Replies,
                    sys.executable,
                    "-m",
                    "heraldcrawl.extract.pool",
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=None,
                )
            except OSError as exc:
                logger.error("cannot start an extraction worker (%s); extracting inline", exc)
                break
            worker = _Worker(transport, replies)
            _widen_pipe(worker.stdin)
            self.workers.append(worker)
        if self.stats is not None:
            self.stats.set_value("herald/extract/workers", len(self.workers))

    async def extract(self, body: bytes, url: str, content_type: str | None) -> dict:
        return await self._run(ARTICLE, body, url, content_type)

    async def read_list(self, body: bytes, url: str, content_type: str | None) -> dict:
        return await self._run(LIST, body, url, content_type)

    async def _run(self, task: int, body: bytes, url: str, content_type: str | None) -> dict:
        self.warm()
        if self.ready is not None and not self.ready.done():
            await self.ready
        live = [w for w in self.workers if w.alive]
        reply = None
        if live:
            self.turn += 1
            worker = live[self.turn % len(live)]
            try:
                reply = await worker.submit(task, body, url, content_type)
            except EOFError:
                self._lost(worker)
        if reply is None:
            # Inline: exceptions other than NotAnArticle propagate as they are.
            return _TASKS[task](body, url, content_type)
        kind, value = reply
        if kind == _OK:
            return value
        if kind == _NOT_ARTICLE:
            raise NotAnArticle(value)
        raise ExtractionError(value)

    def _lost(self, worker: _Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
            logger.error("an extraction worker exited; its pages are extracted inline")
            if self.stats is not None:
                self.stats.inc_value("herald/extract/worker_lost")

    async def close(self) -> None:
        if self.ready is not None:
            await self.ready  # a start still under way would leave its workers running
        workers, self.workers = self.workers, []
        for worker in workers:
            await worker.close()


def _serve() -> None:
    """The worker's loop: read a page from stdin, write its record to stdout, until EOF."""
    # Ctrl-C is the engine's to handle: it finishes the pages in flight through the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = source.read(_REQUEST.size)
        if len(head) < _REQUEST.size:
            return
        task, lu, lc, lb = _REQUEST.unpack(head)
        url = source.read(lu).decode()
        content_type = source.read(lc).decode() or None
        body = source.read(lb)
        if len(body) < lb:
            return
        reply = orjson.dumps(_answer(task, body, url, content_type))
        sink.write(_REPLY.pack(len(reply)) + reply)
        sink.flush()


if __name__ == "__main__":
    _serve()
