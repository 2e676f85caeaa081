"""devhost as users meet it: ``python -m devhost`` in its own process on a loopback port, and a small HTTP client.

``devhost(settings, workers=N)`` serves the database and blob folder of ``settings`` and yields a ``Server`` (base
URL, port, pid; ``cpu_seconds(pid)`` is the CPU time a process used so far, ``tree_cpu_seconds(pid)`` that of it and
every process under it, ``peak_rss_mb(pid)`` its peak resident set); ``warm_up_tenant(db)`` a second company to warm
a worker with; ``ok_json`` the body of a response that must be a 200;
``Http`` is one keep-alive ``http.client`` connection (what a client library does), re-opened if the server
closed it. Timings taken with it include the HTTP round trip, the request parsing and the response bytes.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from shared.config import Settings
from shared.db.database import Database
from shared.services import admin

ROOT = Path(__file__).resolve().parent.parent
_FOREIGN = ("SQL_CONNECTION_STRING", "BLOB_ACCOUNT_URL", "BLOB_CONNECTION_STRING")


class Server(NamedTuple):
    base: str
    port: int
    pid: int


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux ``/proc``), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and every process under it (a forkserver and its reaped children included)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue  # ended meanwhile
        children.setdefault(parent, []).append(int(stat.parent.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        reaped = int(fields[13]) + int(fields[14]) if current != pid else 0  # cutime, cstime: children that ended
        total += (int(fields[11]) + int(fields[12]) + reaped) / os.sysconf("SC_CLK_TCK")
    return total


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident set (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def warm_up_tenant(db: Database) -> tuple[str, dict[str, str]]:
    """A second company with its own key (its route prefix, its auth header): a request of it before the clock starts
    warms the worker (loads what the route needs, as a warm worker has) without touching the measured company's data."""
    company_id = admin.create_company(db, "Warm-up Steel")["companyId"]
    key = admin.create_api_key(db, company_id, "Warm-up")["apiKey"]
    return f"/api/companies/{company_id}", {"Authorization": f"Bearer {key}"}


def ok_json(response: Any) -> dict[str, Any]:
    """The JSON body of an ``httpx`` response that must be a 200 (an upload's summary); anything else stops the run."""
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.method} {response.request.url.path} answered {response.status_code}: {response.text[:500]}")
    result: dict[str, Any] = response.json()
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def devhost(
    settings: Settings, *, workers: int = 1, threads: int | None = None, log: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Serve ``settings``' SQLite file and blob folder (``threads`` per worker: devhost's default if None; ``env``:
    further settings for it); yields the server and stops it by pid afterwards."""
    variables = {name: value for name, value in os.environ.items() if name not in _FOREIGN}
    variables.update(SQLITE_PATH=str(settings.sqlite_path), BLOB_LOCAL_ROOT=str(settings.blob_local_root), PYTHONPATH=str(ROOT))
    variables.update(env or {})
    port = free_port()
    command = [sys.executable, "-m", "devhost", "--port", str(port), "--workers", str(workers), "--no-blob-watch"]
    command += ["--threads", str(threads)] if threads else []
    with (log or settings.sqlite_path.with_suffix(".devhost.log")).open("ab") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=variables, stdout=output, stderr=output)
        try:
            _wait_until_up(port, server)
            yield Server(f"http://127.0.0.1:{port}", port, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"devhost exited with {server.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if Http(port).get("/api/health")[0] == 200:
                return
        time.sleep(0.1)
    raise RuntimeError("devhost did not answer /api/health within 60 s")


class Http:
    """One keep-alive connection to 127.0.0.1:``port``."""

    def __init__(self, port: int, headers: dict[str, str] | None = None, timeout: float = 60) -> None:
        self.port, self.headers, self.timeout = port, headers or {}, timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        all_headers = {**self.headers, **(headers or {})}
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                return response.status, data
            except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        return self.request("GET", path, headers=headers)

    def close(self) -> None:
        self.conn.close()

