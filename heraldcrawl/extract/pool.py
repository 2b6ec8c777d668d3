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

Every page has a deadline, `timeout` seconds (`HERALD_EXTRACT_TIMEOUT`), counted from when its
worker starts on it (the reply before it, or its writing to an idle worker). A worker that
misses it is killed and replaced: the page's caller gets `ExtractionTimeout`, the pages queued
behind it go to the replacement in their order, and `herald/extract/timeouts` and
`herald/extract/worker_restarted` are counted. (A new worker's first page has 10 s more: the
worker is still importing its modules.) Inline extraction on the main thread is bounded
by SIGALRM the same way; C code (libxml2, a regular expression) is not interrupted by it, which
is why every pattern run on page text reads a bounded slice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

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


class ExtractionTimeout(ExtractionError):
    """A page took longer than the pool's timeout to extract; names the page and the seconds.
    In a worker, the worker was killed and replaced; inline, the extraction was interrupted."""


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

# TEST ONLY: a task that sleeps for the seconds its URL ends with (`...?s=30`, at most 60), so
# the tests can hang a worker. It exists only where HERALD_TEST_TASKS=1 is in the environment;
# elsewhere it is an unknown task, answered as a failure.
TEST_SLEEP = 99


def _test_sleep(body: bytes, url: str, content_type: str | None) -> dict:
    time.sleep(min(float(url.rsplit("=", 1)[-1]), 60.0))
    return {"slept": url}


def _task(task: int) -> Callable[[bytes, str, str | None], dict]:
    if task == TEST_SLEEP and os.environ.get("HERALD_TEST_TASKS") == "1":
        return _test_sleep
    return _TASKS[task]


def _answer(task: int, body: bytes, url: str, content_type: str | None) -> tuple[int, dict | str]:
    try:
        return _OK, _task(task)(body, url, content_type)
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


# A page sent to a worker: the caller's future, its URL, and its request frame (head, body),
# kept until the reply so that the page can go to a replacement worker.
_Pending = tuple[asyncio.Future, str, bytes, bytes]


class _Worker:
    # Pages written ahead of the worker's replies; they fit the widened pipe, so a write never
    # waits in the transport's buffer (which copies what it holds on every partial write).
    AHEAD = 8
    # A new worker imports its modules (about 0.6 s, more on a loaded machine) before it reads
    # its first page; that page's deadline is this much longer.
    STARTUP = 10.0

    def __init__(self, transport: asyncio.SubprocessTransport, replies: _Replies) -> None:
        self.transport = transport
        self.replies = replies
        self.stdin = transport.get_pipe_transport(0)
        self.waiting: deque[_Pending] = deque()  # sent or queued, reply not read yet
        self.queued: deque[_Pending] = deque()  # the last of `waiting`, not written yet
        self.alive = True
        # The deadline of the page the worker is on: `timeout` seconds, then `on_timeout`.
        self.timeout: float | None = None
        self.on_timeout: Callable[[_Worker], None] | None = None
        # One timer checks the deadline lazily (not one timer a page): when it fires early for
        # a page that started later, it is set again for what that page has left.
        self.timer: asyncio.TimerHandle | None = None
        self.head_since: float | None = None  # when the worker started on its current page
        self.started = False  # it has replied once: its modules are loaded
        replies.worker = self

    @property
    def pid(self) -> int:
        return self.transport.get_pid()

    def replied(self, reply: list) -> None:
        try:
            future = self.waiting.popleft()[0]
        except IndexError:
            return  # a reply nobody asked for: ignored
        self.started = True
        self.head_since = None
        if not future.done():
            future.set_result(reply)
        self._write_ahead()
        self._arm()

    def gone(self) -> None:
        if not self.alive:
            return
        self.alive = False
        self._disarm()
        self.queued.clear()
        while self.waiting:
            future = self.waiting.popleft()[0]
            if not future.done():
                future.set_exception(EOFError("extraction worker exited"))

    def _write_ahead(self) -> None:
        while self.queued and len(self.waiting) - len(self.queued) < self.AHEAD:
            # Two writes, not one joined frame: joining copies the page (about 60 us).
            _, _, head, body = self.queued.popleft()
            self.stdin.write(head)
            self.stdin.write(body)

    def _limit(self) -> float:
        return self.timeout + (0.0 if self.started else self.STARTUP)

    def _arm(self) -> None:
        # The page at the head of the line has been written: the worker is on it from now.
        if not self.timeout or len(self.waiting) <= len(self.queued):
            return
        loop = asyncio.get_running_loop()
        if self.head_since is None:
            self.head_since = loop.time()
        due = self.head_since + self._limit()
        if self.timer is not None and self.timer.when() > due:  # set for a slower first page
            self.timer.cancel()
            self.timer = None
        if self.timer is None:
            self.timer = loop.call_at(due, self._expired)

    def _disarm(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.head_since = None

    def _expired(self) -> None:
        self.timer = None
        if not self.alive or self.head_since is None or not self.waiting:
            return
        left = self._limit() - (asyncio.get_running_loop().time() - self.head_since)
        if left > 0:  # the page on hand started after the timer was set
            self.timer = asyncio.get_running_loop().call_later(left, self._expired)
        elif self.on_timeout is not None:
            self.on_timeout(self)

    def send(self, pending: _Pending) -> None:
        """Queue a page (a new one, or one a killed worker left) behind those already sent."""
        if not self.alive:
            if not pending[0].done():
                pending[0].set_exception(EOFError("extraction worker exited"))
            return
        self.waiting.append(pending)
        self.queued.append(pending)
        self._write_ahead()
        self._arm()

    def submit(self, task: int, body: bytes, url: str, content_type: str | None) -> asyncio.Future:
        u, c = url.encode(errors="replace"), (content_type or "").encode(errors="replace")
        future = asyncio.get_running_loop().create_future()
        head = b"".join((_REQUEST.pack(task, len(u), len(c), len(body)), u, c))
        self.send((future, url, head, body))
        return future

    def abandon(self) -> list[_Pending]:
        """Kill the process; the pages it held, in order, are returned to the caller."""
        self.alive = False
        self._disarm()
        self.replies.worker = None  # whatever it still writes is not read
        with contextlib.suppress(ProcessLookupError):
            self.transport.kill()
        held = list(self.waiting)
        self.waiting.clear()
        self.queued.clear()
        return held

    async def reap(self) -> None:
        """Wait for a killed process to exit, and release its pipes."""
        await self.replies.exited
        self.transport.close()

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

    def __init__(self, workers: int, stats=None, timeout: float = 5.0) -> None:
        self.size = max(0, workers)
        self.stats = stats
        # Seconds a page may take; 0 or less: no deadline.
        self.timeout = timeout if timeout and timeout > 0 else None
        self.workers: list[_Worker] = []
        self.ready: asyncio.Future | None = None  # the start of the workers
        self.restarts: set[asyncio.Future] = set()  # replacements of killed workers, starting
        self.reaping: set[asyncio.Future] = set()  # killed workers, exiting
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
            worker = await self._spawn()
            if worker is None:
                break
            self.workers.append(worker)
        if self.stats is not None:
            self.stats.set_value("herald/extract/workers", len(self.workers))

    async def _spawn(self) -> _Worker | None:
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
            return None
        worker = _Worker(transport, replies)
        worker.timeout, worker.on_timeout = self.timeout, self._timed_out
        _widen_pipe(worker.stdin)
        return worker

    def _timed_out(self, worker: _Worker) -> None:
        """The worker missed its page's deadline: kill it, fail that page, and hand the pages
        queued behind it to a replacement."""
        held = worker.abandon()
        future, url, _, _ = held[0]
        logger.error(
            "extracting %s took over %g s; worker %d killed and replaced (%d page(s) moved)",
            url,
            self.timeout,
            worker.pid,
            len(held) - 1,
        )
        if self.stats is not None:
            self.stats.inc_value("herald/extract/timeouts")
        if not future.done():
            future.set_exception(
                ExtractionTimeout(
                    f"{url}: no extraction result within {self.timeout:g} s; the worker was "
                    "killed and replaced"
                )
            )
        self._track(self.reaping, worker.reap())
        self._track(self.restarts, self._replace(worker, held[1:]))

    @staticmethod
    def _track(tasks: set[asyncio.Future], coro) -> None:
        task = asyncio.ensure_future(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def _replace(self, dead: _Worker, held: list[_Pending]) -> None:
        worker = await self._spawn()
        if worker is None:
            # No replacement: the held pages fail over to inline extraction, like a lost worker.
            self._lost(dead)
            for future, *_ in held:
                if not future.done():
                    future.set_exception(EOFError("extraction worker killed"))
            return
        if dead in self.workers:
            self.workers[self.workers.index(dead)] = worker
        else:
            self.workers.append(worker)
        if self.stats is not None:
            self.stats.inc_value("herald/extract/worker_restarted")
        for pending in held:
            worker.send(pending)

    async def extract(self, body: bytes, url: str, content_type: str | None) -> dict:
        return await self._run(ARTICLE, body, url, content_type)

    async def read_list(self, body: bytes, url: str, content_type: str | None) -> dict:
        return await self._run(LIST, body, url, content_type)

    async def _run(self, task: int, body: bytes, url: str, content_type: str | None) -> dict:
        self.warm()
        if self.ready is not None and not self.ready.done():
            await self.ready
        live = [w for w in self.workers if w.alive]
        if not live and self.restarts:
            # Every worker is being replaced: wait for one rather than extract inline.
            await asyncio.wait([asyncio.shield(t) for t in self.restarts])
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
            return self._inline(task, body, url, content_type)
        kind, value = reply
        if kind == _OK:
            return value
        if kind == _NOT_ARTICLE:
            raise NotAnArticle(value)
        raise ExtractionError(value)

    def _inline(self, task: int, body: bytes, url: str, content_type: str | None) -> dict:
        try:
            with _deadline(self.timeout, url):
                return _task(task)(body, url, content_type)
        except ExtractionTimeout:
            if self.stats is not None:
                self.stats.inc_value("herald/extract/timeouts")
            raise

    def _lost(self, worker: _Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
            logger.error("an extraction worker exited; its pages are extracted inline")
            if self.stats is not None:
                self.stats.inc_value("herald/extract/worker_lost")
            self._track(self.reaping, worker.reap())  # its pipes are released

    async def close(self) -> None:
        if self.ready is not None:
            await self.ready  # a start still under way would leave its workers running
        while self.restarts:  # so would a replacement still starting
            await asyncio.wait(list(self.restarts))
        workers, self.workers = self.workers, []
        for worker in workers:
            await worker.close()
        if self.reaping:
            await asyncio.wait(list(self.reaping))


@contextlib.contextmanager
def _deadline(seconds: float | None, url: str) -> Iterator[None]:
    """Raise ExtractionTimeout in the block after `seconds`, by SIGALRM: only on the main
    thread of a system with interval timers; elsewhere, and with no seconds, no deadline. The
    alarm repeats every 50 ms until the block ends, so a broad `except Exception` in the code
    it interrupts cannot swallow it. The previous handler and timer are restored afterwards."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expired(signum, frame) -> None:
        raise ExtractionTimeout(f"{url}: no extraction result within {seconds:g} s (inline)")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    earlier, interval = signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        for _ in range(3):  # an alarm may land inside this block itself
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                if earlier:  # a timer someone else had set runs on, less the time spent here
                    left = max(earlier - (time.monotonic() - started), 1e-6)
                    signal.setitimer(signal.ITIMER_REAL, left, interval)
                break
            except ExtractionTimeout:
                continue


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
        url = source.read(lu).decode(errors="replace")
        content_type = source.read(lc).decode(errors="replace") or None
        body = source.read(lb)
        if len(body) < lb:
            return
        try:
            reply = orjson.dumps(_answer(task, body, url, content_type))
        except (TypeError, orjson.JSONEncodeError) as exc:  # a value JSON cannot carry
            reply = orjson.dumps([_FAILED, f"{url}: unsendable result: {exc}"])
        sink.write(_REPLY.pack(len(reply)) + reply)
        sink.flush()


if __name__ == "__main__":
    _serve()
