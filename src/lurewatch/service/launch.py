"""Start `lurewatch serve` as a separate process and wait until it is ready.

For what needs a real server: the crash test, browser tests, benchmarks, screenshots.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpx

__all__ = ["free_port", "running_server", "start_server", "stop_server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    database_url: str,
    port: int,
    env: Mapping[str, str] | None = None,
    command: str = "serve",
    timeout: float = 60.0,
) -> subprocess.Popen[bytes]:
    """Run `lurewatch COMMAND --port PORT` on `database_url`; return once /readyz answers 200."""
    args = [sys.executable, "-c", "from lurewatch.cli import main; main()", command]
    if command == "serve":
        args += ["--port", str(port)]
    proc = subprocess.Popen(
        args,
        env={
            **os.environ,
            "LUREWATCH_DATABASE_URL": database_url,
            "LUREWATCH_PORT": str(port),
            **(env or {}),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"lurewatch {command} exited with status {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"lurewatch {command} was not ready after {timeout:.0f} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Ask for a clean shutdown (as Ctrl-C would), and wait for it."""
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


@contextmanager
def running_server(database_url: str, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """A ready server for the duration of the block; yields its base URL."""
    port = free_port()
    proc = start_server(database_url, port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)
