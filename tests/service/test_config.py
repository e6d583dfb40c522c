"""Settings and the config file: errors name the bad key, secrets stay hidden."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gateway.configfile import toml_table, upsert_integration, write_config_text
from gateway.core.settings import (
    ConfigError,
    IntegrationConfig,
    load_file_config,
    load_settings,
    parse_file_config,
)
from gateway.web.app import create_app
from tests.service.helpers import ACME_FLATCHR_KEY, file_config, make_app


def test_config_invalid_setting_names_the_env_var() -> None:
    with pytest.raises(ConfigError, match="GATEWAY_MAX_CONCURRENCY"):
        load_settings(max_concurrency=0)


def test_config_invalid_env_value_names_the_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_RATE_LIMIT_BURST", "lots")
    with pytest.raises(ConfigError, match="GATEWAY_RATE_LIMIT_BURST"):
        load_settings()


def test_config_env_sets_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_MAX_DEPTH", "7")
    monkeypatch.setenv("GATEWAY_INTROSPECTION", "false")
    settings = load_settings()
    assert settings.max_depth == 7
    assert settings.introspection_enabled is False
    assert settings.graphiql_enabled is True


def test_config_production_needs_a_real_signing_secret() -> None:
    with pytest.raises(ConfigError, match="signing_secret"):
        load_settings(mode="production", public_url="https://gw.example")
    with pytest.raises(ConfigError, match="32"):
        load_settings(mode="production", signing_secret="", public_url="https://gw.example")


def test_config_production_needs_a_public_url() -> None:
    with pytest.raises(ConfigError, match="public_url"):
        load_settings(mode="production", signing_secret="s" * 32)


def test_config_without_a_secret_outside_production_makes_a_random_one() -> None:
    first, second = load_settings(), load_settings()
    assert len(first.signing_key) >= 32
    assert first.signing_key != second.signing_key
    assert "change-me" not in first.signing_key


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({"integrations": [{"id": "a", "api_key": "k"}]}, "integrations[0].company_id"),
        ({"integrations": [{"id": "a", "company_id": "c"}]}, "integrations[0]"),
        (
            {"integrations": [{"id": "a b", "company_id": "c", "api_key": "k"}]},
            "integrations[0].id",
        ),
        ({"api_keys": [{"sha256": "nothex", "integrations": []}]}, "api_keys[0].sha256"),
        ({"api_keys": [{"sha256": "0" * 64, "scopes": ["root"]}]}, "api_keys[0].scopes[0]"),
        (
            {"api_keys": [{"sha256": "0" * 64, "integrations": ["ghost"]}]},
            "api_keys[0].integrations",
        ),
        ({"integration": []}, "integration"),
    ],
)
def test_config_file_errors_name_the_bad_key(raw: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_file_config(raw)
    assert named in str(caught.value)


def test_config_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_file_config(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[integrations]\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_file_config(bad)


def test_config_secrets_are_hidden_in_repr() -> None:
    settings = load_settings(signing_secret="very-secret-signing-value")
    integration = file_config().integrations[0]
    assert "very-secret-signing-value" not in repr(settings) + str(settings)
    assert ACME_FLATCHR_KEY not in repr(integration) + str(integration)
    assert ACME_FLATCHR_KEY not in repr(file_config())


def test_config_api_key_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = {"integrations": [{"id": "acme", "company_id": "c", "api_key_env": "ACME_FLATCHR_KEY"}]}
    fc = parse_file_config(raw)
    with pytest.raises(ConfigError, match=r"integrations\[acme\]\.api_key_env"):
        create_app(load_settings(mode="demo"), fc)  # checked at start-up, not on first use
    monkeypatch.setenv("ACME_FLATCHR_KEY", "from-the-environment")
    assert fc.integrations[0].resolved_api_key().get_secret_value() == "from-the-environment"
    create_app(load_settings(mode="demo"), fc)


def test_config_production_needs_client_keys() -> None:
    fc = parse_file_config({"integrations": file_config().model_dump()["integrations"]})
    with pytest.raises(ConfigError, match="api_keys"):
        make_app(fc, mode="production", signing_secret="s" * 32, public_url="https://gw.example")


def test_config_upsert_keeps_comments_and_other_tables(tmp_path: Path) -> None:
    text = (
        '# our gateway\n\n[[integrations]]\n# the production company\nid = "acme"\n'
        'company_id = "old"  # from the Flatchr settings page\napi_key = "k"\n\n'
        f'[[api_keys]]\nsha256 = "{"0" * 64}"\nintegrations = ["acme"]\n'
    )
    fields: dict[str, object] = {"id": "acme", "company_id": "new", "api_key": None}
    updated = upsert_integration(text, {**fields, "api_key_env": "E"})
    assert updated.startswith("# our gateway\n")
    assert "# the production company" in updated  # comments inside the replaced block survive
    assert "# from the Flatchr settings page" in updated
    parsed = tomllib.loads(updated)
    assert parsed["integrations"] == [{"id": "acme", "company_id": "new", "api_key_env": "E"}]
    assert len(parsed["api_keys"]) == 1
    added = upsert_integration(updated, {"id": "beta", "company_id": "b", "api_key_env": "E"})
    assert [i["id"] for i in tomllib.loads(added)["integrations"]] == ["acme", "beta"]
    path = tmp_path / "config.toml"
    write_config_text(path, added)
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(ConfigError):
        write_config_text(path, added + '[[integrations]]\nid = "x"\n')  # invalid: not written
    assert path.read_text() == added
    assert tomllib.loads(toml_table("api_keys", {"sha256": "a", "name": None})) == {
        "api_keys": [{"sha256": "a"}]
    }


def test_config_integration_model_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="extra"):
        IntegrationConfig.model_validate({"id": "a", "company_id": "c", "api_key": "k", "x": 1})


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([{"sha256": "a" * 64, "integrations": []}], "integrations"),
        (
            [
                {"sha256": "a" * 64, "integrations": ["a"]},
                {"sha256": "a" * 64, "integrations": ["a"], "scopes": ["admin"]},
            ],
            "listed twice",
        ),
    ],
)
def test_config_refuses_unusable_or_duplicate_client_keys(keys: list[dict], message: str) -> None:
    raw = {"integrations": [{"id": "a", "company_id": "c", "api_key": "k"}], "api_keys": keys}
    with pytest.raises(ConfigError, match=message):
        parse_file_config(raw)
