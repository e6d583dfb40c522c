"""The README's production block works when pasted, and the start-up line says how the
gateway started (a server without its configuration says so instead of answering 401s
silently)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import httpx

from gateway.web.auth import new_client_key
from gateway.web.startup import startup_fields
from tests.service.processes import clean_env, free_port, started

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _startup(line: str) -> bool:
    return line.startswith("{") and json.loads(line).get("logger") == "gateway.web.startup"


def _production_block() -> str:
    match = re.search(r"```bash\n(export GATEWAY_MODE=production.*?)```", README, re.DOTALL)
    assert match, "README lost its production block"
    return match[1]


def test_readme_production_block_exports_everything_serve_needs() -> None:
    lines = [ln for ln in _production_block().splitlines() if ln.strip()]
    *settings, command = lines
    assert all(ln.startswith("export ") for ln in settings), settings
    exported = {re.match(r"export (\w+)=", ln)[1] for ln in settings}  # type: ignore[index]
    required = {"GATEWAY_MODE", "GATEWAY_CONFIG", "GATEWAY_SIGNING_SECRET", "GATEWAY_PUBLIC_URL"}
    assert required <= exported
    assert "flatchr-gateway serve" in command


def test_readme_production_block_pasted_starts_production(tmp_path: Path) -> None:
    _, sha = new_client_key()
    config = tmp_path / "config.toml"
    config.write_text(
        '[[integrations]]\nid = "acme"\ncompany_id = "Ab12Cd34Ef56Gh78"\n'
        'api_key_env = "ACME_FLATCHR_KEY"\n\n'
        f'[[api_keys]]\nsha256 = "{sha}"\nscopes = ["read"]\nintegrations = ["acme"]\n'
    )
    port = free_port()
    script = (
        _production_block()
        .replace("/etc/flatchr-gateway/config.toml", str(config))
        .replace("ACME_FLATCHR_KEY=...", "ACME_FLATCHR_KEY=flatchr-test-key")
        .replace(".venv/bin/flatchr-gateway serve", "exec flatchr-gateway serve")
        .replace("--host 0.0.0.0 --port 8000", f"--host 127.0.0.1 --port {port}")
    )
    with started(["bash", "-c", script], tmp_path, clean_env()) as gateway:
        line = json.loads(gateway.wait_for(_startup))
        health = httpx.get(f"http://127.0.0.1:{port}/healthz")
        page = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"Accept": "text/html"})
    assert line["level"] == "INFO" and line["msg"] == "gateway started"
    assert (line["mode"], line["integrations"], line["apiKeys"]) == ("production", 1, 1)
    assert line["url"] == "https://recruiting-api.example.com" and line["graphiql"] is None
    assert (health.status_code, page.status_code) == (200, 404)


def test_serve_without_configuration_warns_in_its_first_line(tmp_path: Path) -> None:
    """What the production block did when pasted without `export`."""
    port = free_port()
    args = ["flatchr-gateway", "serve", "--port", str(port)]
    with started(args, tmp_path, clean_env(GATEWAY_MODE="production")) as bad:
        bad.process.wait(timeout=30)
    with started(args, tmp_path, clean_env()) as gateway:
        line = json.loads(gateway.wait_for(_startup))
        answer = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ __typename }"})
    assert bad.process.returncode == 2
    assert line["level"] == "WARNING" and line["msg"] == "gateway started without client access"
    assert (line["mode"], line["integrations"], line["apiKeys"]) == ("development", 0, 0)
    assert line["url"] == f"http://127.0.0.1:{port}"
    assert "GATEWAY_CONFIG is not set" in line["hint"] and "export" in line["hint"]
    assert answer.status_code == 401


def test_startup_line_names_a_config_without_keys() -> None:
    level, message, fields = startup_fields(
        mode="production", integrations=2, api_keys=0, url="https://gw.example",
        graphiql=False, config="/etc/gw.toml",
    )  # fmt: skip
    assert (level, message) == (logging.WARNING, "gateway started without client access")
    assert fields["hint"].startswith("/etc/gw.toml has no client keys")
    level, _, fields = startup_fields(
        mode="demo", integrations=3, api_keys=0, url="http://127.0.0.1:8000",
        graphiql=True, config=".demo/config.toml",
    )  # fmt: skip
    assert level == logging.INFO and "hint" not in fields
    assert fields["graphiql"] == "http://127.0.0.1:8000/graphql"
