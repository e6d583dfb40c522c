"""GraphiQL in a real browser: headless Chromium loads /graphql from a gateway served by
uvicorn on 127.0.0.1 (demo mode, the simulator over real HTTP), runs the README's example
query through the page and finds the result; no request leaves 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from starlette.types import ASGIApp

from devtools.local import integrations_for
from gateway.core.settings import FileConfig, Settings
from gateway.web.app import create_app
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from simulator.server import serve_in_thread
from tests.e2e.browser import chromium, chromium_binary

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    chromium_binary() is None and not os.environ.get("CI"),
    reason="chromium is not installed (apt-get install chromium); CI installs it and runs this",
)


def readme_query() -> str:
    """The query the README tells a newcomer to run in GraphiQL."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Open GraphiQL and run:\s*```graphql\n(.*?)```", readme, re.DOTALL)
    assert match, "README lost its GraphiQL example"
    return match.group(1)


@contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """The app under a real uvicorn (lifespan on) on a free 127.0.0.1 port."""
    with serve_in_thread(app, lifespan="on", log_config=None) as url:
        yield url


@pytest.fixture
def gateway_url() -> Iterator[str]:
    world = generate_world()
    with serve_in_thread(create_simulator(world)) as sim_url:
        config = FileConfig(integrations=list(integrations_for(world, sim_url).values()))
        app = create_app(Settings(mode="demo", max_retries=0), config)
        with serve(app) as url:
            yield url


CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""
EDITOR = "document.querySelector('.graphiql-query-editor .CodeMirror')"
RESULT = "document.querySelector('.graphiql-response .CodeMirror')"


def test_graphiql_runs_the_readme_query_offline(gateway_url: str, tmp_path: Path) -> None:
    with chromium(tmp_path / "profile") as page:
        page.call("Page.addScriptToEvaluateOnNewDocument", source=CSP_PROBE)
        page.call("Page.navigate", url=f"{gateway_url}/graphql")
        page.wait_for(f"{EDITOR} && {EDITOR}.CodeMirror && true")
        page.evaluate(f"{EDITOR}.CodeMirror.setValue({json.dumps(readme_query())})")
        page.click(".graphiql-execute-button")
        text = page.wait_for(
            f"(() => {{ const r = {RESULT}; const v = r && r.CodeMirror.getValue();"
            " return v && v.includes('totalCount') ? v : null; })()"
        )
        page.screenshot(tmp_path / "graphiql.png")
        violations = page.evaluate("window.__cspViolations")
        urls = page.requested_urls()

    result = json.loads(text)
    assert "errors" not in result, result["errors"]
    jobs = result["data"]["jobs"]
    assert jobs["totalCount"] > 0 and jobs["edges"]
    assert jobs["edges"][0]["node"]["applications"]["totalCount"] >= 0
    assert result["data"]["integration"]["companyId"]
    assert (tmp_path / "graphiql.png").stat().st_size > 10_000
    assert violations == []
    own = urlsplit(gateway_url).netloc
    assert any(u.endswith("/graphiql.min.js") for u in urls), urls
    assert [u for u in urls if not (u.startswith("data:") or urlsplit(u).netloc == own)] == []
