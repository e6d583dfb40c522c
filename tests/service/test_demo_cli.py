"""`flatchr-demo` as a newcomer meets it: busy ports, `make demo PORT=...`, the
compose file's commands, and the README's `connect` against the simulator."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from devtools.demo import main
from tests.service.processes import clean_env, free_port, started

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port with a listener on it, as another program would hold it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.mark.parametrize("role", ["gateway", "simulator"])
def test_demo_names_the_busy_port_in_one_line_and_starts_nothing(
    role: str,
    busy_port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    port, sim_port = (busy_port, free_port()) if role == "gateway" else (free_port(), busy_port)
    assert main(["--port", str(port), "--sim-port", str(sim_port)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1, err
    assert f"port {busy_port} ({role}) is already in use" in err
    suggested = re.search(r"make demo PORT=(\d+) SIM_PORT=(\d+)", err)
    assert suggested and busy_port not in {int(suggested[1]), int(suggested[2])}
    assert f"--port {suggested[1]} --sim-port {suggested[2]}" in err
    assert not (tmp_path / ".demo").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_passes_port_and_sim_port_through() -> None:
    dry = subprocess.run(
        ["make", "-n", "-W", ".venv/.installed", "demo", "PORT=9100", "SIM_PORT=9101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "flatchr-demo --port 9100 --sim-port 9101" in dry


def _post_when_listening(url: str, body: dict[str, str], attempts: int = 100) -> Any:
    for _ in range(attempts - 1):
        try:
            return httpx.post(url, json=body).json()
        except httpx.ConnectError:
            time.sleep(0.05)
    return httpx.post(url, json=body).json()


def _compose_command(service: dict[str, list[str]], **swap: str) -> list[str]:
    """A compose service's entrypoint + command, with container addresses swapped for local
    ones."""
    args = [*service["entrypoint"], *service["command"]]
    return [swap.get(a, a) for a in args]


def test_compose_runs_the_simulator_and_the_demo_gateway_against_it(tmp_path: Path) -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"simulator", "gateway"}
    assert all(s["build"] == "." for s in services.values())
    assert [p.split(":")[0] for s in services.values() for p in s["ports"]] == ["127.0.0.1"] * 2
    assert services["gateway"]["depends_on"]["simulator"]["condition"] == "service_healthy"
    sim_port, port = free_port(), free_port()
    sim_url = f"http://127.0.0.1:{sim_port}"
    swap = {"0.0.0.0": "127.0.0.1", "8001": str(sim_port), "8000": str(port)}
    simulator = _compose_command(services["simulator"], **swap)
    gateway = _compose_command(services["gateway"], **swap, **{"http://simulator:8001": sim_url})
    env = clean_env()
    with started(simulator, tmp_path, env) as sim:
        sim.wait_for(lambda line: f"listening on {sim_url}" in line)
        with started(gateway, tmp_path, env) as gw:
            gw.wait_for(lambda line: "GraphiQL:" in line)
            gw.wait_for(lambda line: "gateway started" in line)
            query = "{ jobs(first: 2) { totalCount } integration { checks { ok } } }"
            # "gateway started" is logged during the app's start-up, just before uvicorn
            # listens: on a loaded machine the first connection may come too early.
            body = _post_when_listening(f"http://127.0.0.1:{port}/graphql", {"query": query})
            sim_log = httpx.get(f"{sim_url}/_sim/log").json()
    assert body["data"]["jobs"]["totalCount"] > 0, body
    assert all(check["ok"] for check in body["data"]["integration"]["checks"]), body
    assert sim_log["requests"], "the gateway did not call the separate simulator"


def test_readme_connect_command_works_against_the_simulator(tmp_path: Path) -> None:
    block = re.search(r"```bash\n(read -r _ COMPANY_ID.*?)```", README, re.DOTALL)
    assert block, "README lost its connect-to-the-simulator example"
    sim_port = free_port()
    script = block[1].replace(":8001", f":{sim_port}").replace(".venv/bin/", "")
    with started(["flatchr-sim", "--port", str(sim_port)], tmp_path, clean_env()) as sim:
        sim.wait_for(lambda line: "listening on" in line)
        run = subprocess.run(
            ["bash", "-c", script], cwd=tmp_path, env=clean_env(), capture_output=True, text=True
        )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "FAIL" not in run.stdout and "Saved integration 'acme'" in run.stdout
    saved = tomllib.loads((tmp_path / "my-config.toml").read_text())["integrations"][0]
    assert saved["api_key_env"] == "FLATCHR_KEY" and "api_key" not in saved
    assert saved["api_base_url"] == f"http://127.0.0.1:{sim_port}"
