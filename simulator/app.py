"""The simulator as one Starlette app: api-host routes at the root, careers-host routes under
`/careers`, hooks under `/_sim`. Any Host header is accepted, so it runs the same under uvicorn
and under `httpx.ASGITransport`."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount, Route

from simulator import api, applicants, careers, hooks
from simulator.data import generate_world
from simulator.model import World
from simulator.state import SimState
from simulator.web import not_found

_ANY = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def create_app(world: World | None = None, *, latency_ms: float = 0.0) -> Starlette:
    """A simulator app over `world` (default: `generate_world()`); `latency_ms` is added to
    every api and careers request. The state is `app.state.sim` (a `SimState`)."""
    routes = [
        Mount("/_sim", routes=hooks.routes()),
        Mount(
            "/careers", routes=[*careers.routes(), Route("/{path:path}", not_found, methods=_ANY)]
        ),
        *api.routes(),
        *applicants.routes(),
        Route("/{path:path}", not_found, methods=_ANY),
    ]
    app = Starlette(routes=routes)
    app.state.sim = SimState(
        world if world is not None else generate_world(), latency_ms=latency_ms
    )
    return app
