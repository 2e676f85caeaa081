"""``python -m devhost --workers N``: several worker processes answer on one port, and stopping devhost stops them."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.reservation_race import ROOT, cli, environment, free_port


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_two_workers_answer_concurrent_requests_and_stop_with_devhost(tmp_path: Path) -> None:
    env = environment(tmp_path)
    cli(env, "migrate")
    company_id = cli(env, "create-company", "--name", "Worker Metals")["companyId"]
    api_key = cli(env, "create-api-key", "--company", company_id, "--name", "Worker")["apiKey"]
    port = free_port()
    command = [sys.executable, "-m", "devhost", "--port", str(port), "--workers", "2", "--no-blob-watch"]
    with (tmp_path / "devhost.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            base = f"http://127.0.0.1:{port}/api"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(_children(server.pid)) < 2:
                time.sleep(0.1)
            workers = _children(server.pid)
            assert len(workers) == 2
            url, headers = f"{base}/companies/{company_id}/orders", {"Authorization": f"Bearer {api_key}"}
            with ThreadPoolExecutor(8) as pool:
                statuses = list(pool.map(lambda _: _get_when_up(url, headers), range(40)))
            assert statuses == [200] * 40
        finally:
            server.terminate()
            server.wait(timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "worker processes outlived devhost"


def _get_when_up(url: str, headers: dict[str, str]) -> int:
    deadline = time.monotonic() + 60
    while True:
        try:
            return httpx.get(url, headers=headers, timeout=30).status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
