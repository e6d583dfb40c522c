"""Serving the simulator over real HTTP from a background thread (tests, benchmarks, demo)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.types import ASGIApp

STARTUP_TIMEOUT_S = 10.0


@contextmanager
def serve_in_thread(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, **options: Any
) -> Iterator[str]:
    """Run `app` under uvicorn in a daemon thread; yield its base URL once it accepts
    connections; stop it cleanly on exit. `port=0` picks a free port. `options` go to
    `uvicorn.Config` (e.g. `lifespan="on"` for an app with a lifespan, TLS files); the
    tests serve their own apps (the gateway, a file server) this way too."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    settings: dict[str, Any] = {
        "log_level": "warning",
        "access_log": False,
        "lifespan": "off",
        "ws": "none",
        "timeout_graceful_shutdown": 2,
    }
    config = uvicorn.Config(app, **(settings | options))
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="flatchr-sim", daemon=True
    )
    thread.start()
    try:
        _wait_ready(server, thread, host, bound_port)
        scheme = "https" if options.get("ssl_certfile") else "http"
        yield f"{scheme}://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        sock.close()


def _wait_ready(server: uvicorn.Server, thread: threading.Thread, host: str, port: int) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the server thread stopped during start-up")
        if server.started:
            try:
                with socket.create_connection((host, port), timeout=0.5):
                    return
            except OSError:
                pass
        time.sleep(0.01)
    raise RuntimeError(f"the server did not start on {host}:{port} within {STARTUP_TIMEOUT_S}s")
