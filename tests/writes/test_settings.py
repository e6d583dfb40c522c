"""The write-path settings: defaults and environment names."""

from __future__ import annotations

import pytest

from gateway.core.settings import ConfigError, load_settings


def test_attachment_defaults() -> None:
    settings = load_settings()
    assert settings.attachment_max_total_bytes == 10 * 1024 * 1024
    assert settings.attachment_max_file_bytes == 10 * 1024 * 1024
    assert settings.attachment_fetch is True
    assert settings.attachment_fetch_allow_hosts == ()


def test_attachment_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_ATTACHMENT_MAX_TOTAL_BYTES", "2048")
    monkeypatch.setenv("GATEWAY_ATTACHMENT_FETCH_ALLOW_HOSTS", '["127.0.0.1", "files.test"]')
    monkeypatch.setenv("GATEWAY_ATTACHMENT_FETCH_TIMEOUT", "2.5")
    settings = load_settings()
    assert settings.attachment_max_total_bytes == 2048
    assert settings.attachment_fetch_allow_hosts == ("127.0.0.1", "files.test")
    assert settings.attachment_fetch_timeout == 2.5


def test_attachment_cap_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="GATEWAY_ATTACHMENT_MAX_FILE_BYTES"):
        load_settings(attachment_max_file_bytes=0)


def test_idempotency_and_reconcile_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.idempotency_ttl == 24 * 3600
    assert (settings.reconcile_polls, settings.reconcile_max_wait) == (4, 5.0)
    monkeypatch.setenv("GATEWAY_RECONCILE_POLLS", "2")
    assert load_settings().reconcile_polls == 2
    with pytest.raises(ConfigError, match="GATEWAY_RECONCILE_POLLS"):
        load_settings(reconcile_polls=0)
