"""The `flatchr-gateway` command: keys new, connect (against the simulator), export-schema."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import main
from gateway.core.settings import load_file_config
from gateway.web.auth import KEY_PREFIX, hash_key
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from simulator.server import serve_in_thread


@pytest.fixture(scope="module")
def simulator() -> Iterator[tuple[str, Any]]:
    world = generate_world()
    with serve_in_thread(create_simulator(world)) as url:
        yield url, world.companies[0]


def connect_args(url: str, company: Any, config: Path, **changes: str) -> list[str]:
    flags = {
        "--id": "acme",
        "--company-id": company.hashid,
        "--api-key": company.api_key,
        "--slug": company.slug,
        "--api-base-url": url,
        "--careers-base-url": f"{url}/careers",
        "--config": str(config),
        **changes,
    }
    return ["connect", *[x for pair in flags.items() for x in pair]]


def test_cli_keys_new_prints_key_once_and_its_block(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "new", "--scopes", "read,write", "--integration", "acme"]) == 0
    out = capsys.readouterr().out
    keys = [w for w in out.split() if w.startswith(KEY_PREFIX)]
    assert len(keys) == 1
    block = tomllib.loads(out[out.index("[[api_keys]]") :])["api_keys"][0]
    assert block == {
        "sha256": hash_key(keys[0]),
        "scopes": ["read", "write"],
        "integrations": ["acme"],
    }


def test_cli_keys_new_appends_to_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[integrations]]\nid = "acme"\ncompany_id = "c"\napi_key = "k"\n')
    assert (
        main(["keys", "new", "--integration", "acme", "--name", "portal", "--config", str(config)])
        == 0
    )
    key = next(w for w in capsys.readouterr().out.split() if w.startswith(KEY_PREFIX))
    stored = load_file_config(config).api_keys
    assert [(k.sha256, k.scopes, k.name) for k in stored] == [(hash_key(key), ("read",), "portal")]
    assert key not in config.read_text()


def test_cli_keys_new_refuses_unknown_scope_or_integration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[integrations]]\nid = "acme"\ncompany_id = "c"\napi_key = "k"\n')
    assert main(["keys", "new", "--scopes", "root", "--integration", "acme"]) == 2
    assert main(["keys", "new", "--integration", "beta", "--config", str(config)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "--scopes" in err[0] and "'beta'" in err[1]


def test_cli_connect_checks_and_writes_the_integration(
    simulator: tuple[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, company = simulator
    config = tmp_path / "gateway.toml"
    config.write_text("# keep me\n")
    assert main(connect_args(url, company, config, **{"--offerer-id": "75"})) == 0
    out = capsys.readouterr().out
    assert company.api_key not in out
    for check in ("api_key_accepted", "columns_readable", "careers_slug_resolves"):
        assert f"ok   {check}" in out
    assert config.read_text().startswith("# keep me\n")
    integration = load_file_config(config).integrations[0]
    assert (integration.id, integration.company_id, integration.slug) == (
        "acme",
        company.hashid,
        company.slug,
    )
    assert integration.offerer_id == 75
    # again with a slug Flatchr does not know: saved anyway with --yes, exit status 1, and
    # the same integration is updated, not duplicated
    assert main([*connect_args(url, company, config, **{"--slug": "no-such-co"}), "--yes"]) == 1
    assert "FAIL careers_slug_resolves" in capsys.readouterr().out
    assert [i.slug for i in load_file_config(config).integrations] == ["no-such-co"]


def test_cli_connect_explains_a_refused_key_and_saves_nothing(
    simulator: tuple[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, company = simulator
    config = tmp_path / "gateway.toml"
    assert main(connect_args(url, company, config, **{"--api-key": "wrong-key-123"})) == 1
    out = capsys.readouterr().out
    assert "FAIL api_key_accepted" in out
    assert "Settings > Advanced > API" in out and "365 days" in out
    assert "Not saved" in out and not config.exists()


def test_cli_connect_reads_the_key_from_env(
    simulator: tuple[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, company = simulator
    monkeypatch.setenv("ACME_KEY", company.api_key)
    config = tmp_path / "gateway.toml"
    args = connect_args(url, company, config)
    args.remove("--api-key")
    args.remove(company.api_key)
    assert main([*args, "--api-key-env", "ACME_KEY"]) == 0
    text = config.read_text()
    assert 'api_key_env = "ACME_KEY"' in text and company.api_key not in text


def test_cli_connect_without_terminal_names_the_missing_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["connect", "--api-key", "k"]) == 2
    assert "--company-id" in capsys.readouterr().err


def test_cli_serve_with_a_bad_config_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--config", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "config file not found" in err


def test_cli_export_schema_prints_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-schema"]) == 0
    assert "type Query" in capsys.readouterr().out


def test_cli_serve_refuses_demo_mode(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_MODE", "demo")
    assert main(["serve"]) == 2
    assert "demo mode" in capsys.readouterr().err


def test_cli_config_is_written_through_a_fresh_private_file(tmp_path: Path) -> None:
    from gateway.configfile import toml_table, write_config_text

    config = tmp_path / "gateway.toml"
    leftover = tmp_path / "gateway.toml.tmp"
    leftover.write_text("planted")
    leftover.chmod(0o644)
    block = toml_table(
        "integrations",
        {"id": "acme", "company_id": "c", "api_key": "k", "slug": "acmé 🚀"},
    )
    write_config_text(config, block)
    assert config.stat().st_mode & 0o777 == 0o600
    assert leftover.read_text() == "planted"  # never reused
    assert load_file_config(config).integrations[0].slug == "acmé 🚀"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gateway.toml", "gateway.toml.tmp"]
