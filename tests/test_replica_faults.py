"""The replica's fault mode: each kind of misbehaviour as a client on a socket sees it."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from heraldcrawl.cli import build_parser
from heraldcrawl.replica.server import FAULT_KINDS, SOFT_ERROR, ReplicaServer, ReplicaSite

from .conftest import ROOT, replica_process

KH = "www.koreaherald.com"
HB = "biz.heraldcorp.com"


@contextmanager
def serving(site: ReplicaSite, **options) -> Iterator[ReplicaServer]:
    """A ReplicaServer on a free port, its event loop in a thread of this process."""
    loop = asyncio.new_event_loop()
    server = ReplicaServer(site, port=0, **options)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(timeout=10)

    async def stop() -> None:
        assert server._server is not None
        server._server.close()
        # Stalled clients hold tasks: end them rather than wait out their stall.
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()

    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


class Answer:
    def __init__(self, raw: bytes) -> None:
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ")[1]) if lines[0] else 0
        self.headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()


def fetch(
    server: ReplicaServer, target: str, host: str = KH, timeout: float = 5.0, method: str = "GET"
) -> Answer:
    """One request on a fresh connection, read until the server closes it."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(
            f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    return Answer(b"".join(chunks))


def _article(site: ReplicaSite) -> tuple[str, bytes]:
    """The path of a current Korea Herald article and its page."""
    art = next(a for a in site.replica.skeletons if a.site == "koreaherald" and a.number)
    status, _, body = site.handle(KH, art.path)
    assert status == 200 and body.rstrip().endswith(b"</html>")
    return art.path, body


@pytest.mark.parametrize("kind", ["500", "502", "503"])
def test_error_statuses(site, kind):
    with serving(site, faults=1.0, fault_kinds=(kind,)) as server:
        answer = fetch(server, "/")
    assert answer.status == int(kind)
    assert answer.headers["content-type"].startswith("text/html")
    assert b"<html>" in answer.body and len(answer.body) < 200
    assert "retry-after" not in answer.headers
    assert int(answer.headers["content-length"]) == len(answer.body)


def test_reset_drops_the_connection(site):
    with serving(site, faults=1.0, fault_kinds=("reset",)) as server:
        with pytest.raises(ConnectionResetError):
            fetch(server, "/")
        assert server.fault_counts["reset"] == 1


def test_stall_says_nothing_then_closes(site):
    with serving(site, faults=1.0, fault_kinds=("stall",), fault_stall=0.5) as server:
        with pytest.raises(TimeoutError):
            fetch(server, "/", timeout=0.2)  # a client whose timeout is shorter gives up
        began = time.monotonic()
        answer = fetch(server, "/", timeout=5)
        waited = time.monotonic() - began
    assert answer.status == 0 and answer.body == b""
    assert 0.4 < waited < 4


def test_truncated_is_short_of_its_content_length(site):
    path, page = _article(site)
    with serving(site, faults=1.0, fault_kinds=("truncated",)) as server:
        answer = fetch(server, path)
    assert answer.status == 200
    assert int(answer.headers["content-length"]) == len(page)
    assert 0.25 * len(page) < len(answer.body) < 0.75 * len(page)
    assert page.startswith(answer.body)
    assert answer.headers["connection"] == "close"


def test_cut_is_close_delimited_and_lacks_its_end(site):
    path, page = _article(site)
    with serving(site, faults=1.0, fault_kinds=("cut",)) as server:
        answer = fetch(server, path)
    assert answer.status == 200
    assert "content-length" not in answer.headers
    assert answer.headers["connection"] == "close"
    assert page.startswith(answer.body) and len(answer.body) < 0.75 * len(page)
    assert b"</html>" not in answer.body


def test_soft_error_is_a_whole_page_with_200(site):
    with serving(site, faults=1.0, fault_kinds=("soft",)) as server:
        kh = fetch(server, "/")
        hb = fetch(server, "/", host=HB)
    assert kh.status == 200 and kh.headers["content-type"] == "text/html; charset=utf-8"
    assert kh.body == SOFT_ERROR.encode()
    assert hb.status == 200
    assert "일시적으로 서비스를 이용할 수 없습니다" in hb.body.decode("utf-8")
    assert hb.body.endswith(b"</html>")


def test_empty_is_200_without_a_body(site):
    with serving(site, faults=1.0, fault_kinds=("empty",)) as server:
        answer = fetch(server, "/")
    assert answer.status == 200
    assert answer.headers["content-length"] == "0"
    assert answer.body == b""


def test_challenge_looks_like_a_cdn_bot_check(site):
    with serving(site, faults=1.0, fault_kinds=("challenge",)) as server:
        answers = [fetch(server, "/") for _ in range(2)]
    assert {a.status for a in answers} == {403, 503}
    for a in answers:
        assert a.headers["server"] == "cloudflare"
        assert a.headers["cf-mitigated"] == "challenge"
        assert b"Just a moment..." in a.body or b"Attention Required!" in a.body


def test_robots_and_stats_are_never_faulted(site):
    with serving(site, faults=1.0) as server:
        for _ in range(20):
            robots = fetch(server, "/robots.txt")
            assert robots.status == 200 and b"User-agent" in robots.body
        stats = json.loads(fetch(server, "/_replica/stats").body)
    assert stats["faulted"] == 0 and stats["requests"] == 21


def test_stats_count_each_fault(site):
    with serving(site, faults=1.0, fault_kinds=("500", "empty"), fault_seed=7) as server:
        statuses = [fetch(server, "/").status for _ in range(30)]
        fetch(server, "/robots.txt")
        stats = json.loads(fetch(server, "/_replica/stats").body)
    assert stats["faulted"] == 30
    assert set(stats["faults"]) == set(FAULT_KINDS)
    assert stats["faults"]["500"] == statuses.count(500)
    assert stats["faults"]["empty"] == statuses.count(200)
    assert stats["faults"]["500"] + stats["faults"]["empty"] == 30
    assert stats["blocked"] == 0


def _sequence(site, seed: int) -> list[tuple[int, int]]:
    kinds = tuple(k for k in FAULT_KINDS if k not in ("reset", "stall"))
    with serving(site, faults=0.5, fault_kinds=kinds, fault_seed=seed) as server:
        return [
            (a.status, len(a.body))
            for a in (fetch(server, "/list.php?ct=020100000000") for _ in range(40))
        ]


def test_the_same_seed_faults_the_same_requests(site):
    first = _sequence(site, 11)
    assert first == _sequence(site, 11)
    assert first != _sequence(site, 12)


def test_the_rate_is_roughly_kept(site):
    with serving(site, faults=0.2, fault_kinds=("500",), fault_seed=3) as server:
        statuses = [fetch(server, "/").status for _ in range(500)]
    faulted = statuses.count(500)
    assert 60 <= faulted <= 140
    assert statuses.count(200) == 500 - faulted


def test_a_blocked_host_gets_the_challenge(site):
    with serving(site, block_hosts=("biz.heraldcorp.com",)) as server:
        blocked = [fetch(server, "/", host=host) for host in (HB, "mbiz.heraldcorp.com")]
        robots = fetch(server, "/robots.txt", host=HB)
        open_site = fetch(server, "/", host=KH)
        stats = json.loads(fetch(server, "/_replica/stats").body)
    for a in blocked:
        assert a.status in (403, 503) and a.headers["cf-mitigated"] == "challenge"
    assert robots.status == 200
    assert open_site.status == 200 and b"</html>" in open_site.body
    assert stats["blocked"] == 2 and stats["faulted"] == 0


def test_off_by_default(site):
    server = ReplicaServer(site)
    assert not server.faulting
    with serving(site) as server:
        assert fetch(server, "/").status == 200


def test_the_cli_serves_faults():
    extra = ("--faults", "1", "--fault-kinds", "soft", "--fault-seed", "5")
    with replica_process(20, None, *extra) as url:
        with urllib.request.urlopen(f"{url}/", timeout=10) as resp:
            body = resp.read()
        with urllib.request.urlopen(f"{url}/_replica/stats", timeout=10) as resp:
            stats = json.loads(resp.read())
    assert body == SOFT_ERROR.encode()
    assert stats["faults"]["soft"] == 1 and stats["faulted"] == 1


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--fault-kinds", "500,nope"], "'nope' is not a fault kind; accepted: 500, 502"),
        (["--faults", "1.5"], "give a probability from 0 to 1"),
        (["--block-host", "example.com"], "not a host of either site"),
    ],
)
def test_bad_fault_options_are_refused(option, said):
    done = subprocess.run(
        [sys.executable, "-m", "heraldcrawl", "replica", "--port", "0", *option],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert said in done.stderr


def test_the_help_names_every_kind(capsys):
    # The help lists the kinds by hand (the server module is slow to import): keep them in step.
    with pytest.raises(SystemExit):
        build_parser().parse_args(["replica", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for kind in FAULT_KINDS:
        assert kind in help_text
