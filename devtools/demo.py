"""`flatchr-demo` (`make demo`): the Flatchr simulator and the gateway against it, on localhost.

The simulator serves seeded companies on `sim_port`; `.demo/config.toml` gets one integration
per simulated company (id = its slug); the gateway runs in demo mode (no client key needed:
the first integration, or the one named by `X-Integration-Id`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from devtools.ports import busy_ports_message
from gateway.configfile import toml_table, write_config_text
from gateway.core.settings import ConfigError, load_settings

DEMO_CONFIG = Path(".demo/config.toml")
EXAMPLE_QUERY = (
    "{ jobs(first: 3) { edges { node { name status applications(first: 2) { totalCount } } } } }"
)


def demo_config_text(world: Any, sim_url: str) -> str:
    """The config file for the simulator's companies (their keys are the simulator's own)."""
    header = "# Written by `make demo` (flatchr-demo): one integration per simulated company.\n\n"
    blocks = [
        toml_table(
            "integrations",
            {
                "id": company.slug,
                "company_id": company.hashid,
                "api_key": company.api_key,
                "slug": company.slug,
                "api_base_url": sim_url,
                "careers_base_url": f"{sim_url}/careers",
            },
        )
        for company in world.companies
    ]
    return header + "\n".join(blocks)


def run_demo(
    port: int = 8000, sim_port: int = 8001, host: str = "127.0.0.1", sim_url: str | None = None
) -> int:
    """Serve the demo; `sim_url` uses a simulator already running there (started with the
    default seed and sizes, e.g. the compose file's) instead of starting one."""
    import uvicorn

    from gateway.web.app import create_app
    from gateway.web.observability import configure_logging
    from simulator.app import create_app as create_simulator
    from simulator.data import generate_world
    from simulator.server import serve_in_thread

    ports = {"gateway": port} if sim_url else {"gateway": port, "simulator": sim_port}
    busy = busy_ports_message(host, ports)
    if busy is not None:
        raise ConfigError(busy)
    world = generate_world()  # seeded: the same companies and keys as any default simulator
    running = (
        nullcontext(sim_url)
        if sim_url
        else serve_in_thread(create_simulator(world), host=host, port=sim_port)
    )
    with running as sim_url:
        write_config_text(DEMO_CONFIG, demo_config_text(world, sim_url))
        settings = load_settings(mode="demo", config=DEMO_CONFIG, host=host, port=port)
        configure_logging(settings)
        app = create_app(settings)
        slugs = ", ".join(c.slug for c in world.companies)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        base = f"http://{shown}:{port}"
        print(f"Flatchr simulator: {sim_url} (companies: {slugs}; config in {DEMO_CONFIG})")
        print(f"GraphiQL:          {base}/graphql")
        print("Try:")
        print(f"  curl -s {base}/graphql -H 'Content-Type: application/json' \\")
        print(f'    -d \'{{"query": "{EXAMPLE_QUERY}"}}\'')
        print("Another company: add -H 'X-Integration-Id: <slug>'.  Stop with Ctrl-C.", flush=True)
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="flatchr-demo", description="the Flatchr simulator plus the gateway against it"
    )
    parser.add_argument("--port", type=int, default=8000, help="gateway port (default 8000)")
    parser.add_argument("--sim-port", type=int, default=8001, help="simulator port (default 8001)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="listen address (demo mode needs no key: keep local)"
    )
    parser.add_argument(
        "--sim-url", help="use the simulator already running there (default seed and sizes)"
    )
    args = parser.parse_args(argv)
    try:
        return run_demo(
            port=args.port, sim_port=args.sim_port, host=args.host, sim_url=args.sim_url
        )
    except ConfigError as exc:
        print(f"flatchr-demo: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
