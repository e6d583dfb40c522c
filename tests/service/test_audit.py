"""The graphql-http server audit (GraphQL-over-HTTP conformance) against the gateway in demo
mode over real HTTP. Needs node and npm; graphql-http is installed once into `.audit/`."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from gateway.core.settings import load_settings, parse_file_config
from gateway.web.app import create_app
from tests.service.helpers import serve_in_thread
from tests.service.node_packages import ROOT, install

pytestmark = pytest.mark.node

AUDIT_DIR = ROOT / ".audit"
PACKAGES = ["graphql-http@1.23.1", "graphql@16.11.0"]
SCRIPT = """
import { auditServer } from 'graphql-http';
const results = await auditServer({ url: process.env.URL, fetchFn: fetch });
const failures = results.filter((r) => r.status !== 'ok')
  .map((r) => ({ id: r.id, status: r.status, name: r.name, reason: String(r.reason) }));
const count = (s) => results.filter((r) => r.status === s).length;
console.log(JSON.stringify({ total: results.length, ok: count('ok'), warn: count('warn'),
  error: count('error'), notice: count('notice'), failures }));
"""


def test_graphql_http_audit_passes_without_errors_or_warnings() -> None:
    install(AUDIT_DIR, PACKAGES, "graphql-http")
    (AUDIT_DIR / "audit.mjs").write_text(SCRIPT)
    fc = parse_file_config(
        {"integrations": [{"id": "demo", "company_id": "c", "api_key": "k" * 12,
                           "api_base_url": "http://127.0.0.1:9"}]}
    )  # fmt: skip
    app = create_app(load_settings(mode="demo"), fc)
    with serve_in_thread(app) as url:
        done = subprocess.run(
            ["node", "audit.mjs"], cwd=AUDIT_DIR, capture_output=True, text=True, timeout=120,
            env={**os.environ, "URL": f"{url}/graphql"}, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["error"], report["warn"]) == (0, 0), report["failures"]
    assert report["ok"] == report["total"] == 61, report["failures"]
