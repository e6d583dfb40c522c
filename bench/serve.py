"""Servers for the throughput benchmark (run as subprocesses by bench.throughput).

python -m bench.serve gateway --port 8100     # demo-mode gateway over an in-process simulator
python -m bench.serve bare FILE --port 8101   # bare Starlette returning FILE's bytes
"""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from devtools.local import integrations_for
from gateway.core.settings import FileConfig, load_settings
from gateway.web.app import create_app
from simulator.app import create_app as create_simulator
from simulator.data import generate_world


def gateway_app() -> Starlette:
    world = generate_world()
    config = FileConfig(integrations=list(integrations_for(world).values()))
    # The load generator is one client: lift the per-key rate limit for the measurement.
    settings = load_settings(mode="demo", rate_limit_per_second=0)
    transport = httpx.ASGITransport(app=create_simulator(world))
    return create_app(settings, config, upstream_transport=transport)


def bare_app(body: bytes) -> Starlette:
    async def endpoint(request: Request) -> Response:
        await request.body()
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/graphql", endpoint, methods=["GET", "POST"])])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["gateway", "bare"])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = gateway_app() if args.kind == "gateway" else bare_app(Path(args.file).read_bytes())
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
