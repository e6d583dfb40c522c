"""Is a TCP port free to listen on? Checked before `demo` starts anything, so that a busy port
gives one line naming it and how to choose others, not a traceback after the banner."""

from __future__ import annotations

import socket
from collections.abc import Mapping


def port_is_free(host: str, port: int) -> bool:
    """True when a listening socket could bind `host:port` now (SO_REUSEADDR, as uvicorn
    sets it: a port in TIME_WAIT counts as free, one with a listener does not)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_ports(host: str, count: int, start: int) -> list[int]:
    """The first `count` free ports from `start` up (for a suggestion, not a reservation)."""
    found: list[int] = []
    port = start
    while len(found) < count and port < 65536:
        if port_is_free(host, port):
            found.append(port)
        port += 1
    return found


def busy_ports_message(host: str, ports: Mapping[str, int]) -> str | None:
    """None when every named port is free; else one line naming the busy ones (`ports` maps a
    role such as "gateway" to its port) and a free pair to use instead."""
    busy = [f"{port} ({role})" for role, port in ports.items() if not port_is_free(host, port)]
    if not busy:
        return None
    port, sim_port = [*free_ports(host, 2, max(ports.values()) + 1), 0, 0][:2]
    verb = "is" if len(busy) == 1 else "are"
    return (
        f"port {' and '.join(busy)} {verb} already in use on {host}; choose others: "
        f"`make demo PORT={port} SIM_PORT={sim_port}` or "
        f"`flatchr-demo --port {port} --sim-port {sim_port}`"
    )
