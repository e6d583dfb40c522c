"""`flatchr-gateway`: serve, keys new, connect, export-schema (the demo is `flatchr-demo`).

Start-up errors (bad configuration) print one line to stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import httpx
from pydantic import ValidationError

from gateway.configfile import append_table, toml_table, upsert_integration, write_config_text
from gateway.core.redaction import redact
from gateway.core.scopes import ALL_SCOPES
from gateway.core.settings import (
    ConfigError,
    IntegrationConfig,
    Settings,
    load_file_config,
    load_settings,
)
from gateway.flatchr import Check, FlatchrPool
from gateway.web.auth import new_client_key
from resolvers.services import client_options

DEFAULT_CONFIG = Path("config.toml")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ConfigError as exc:
        print(f"flatchr-gateway: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flatchr-gateway", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the gateway (uvicorn)")
    serve.add_argument("--config", type=Path, help="TOML file of integrations and keys")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers", type=int, default=1, help="processes on this host (share Redis: see README)"
    )
    serve.set_defaults(run=cmd_serve)

    keys = sub.add_parser("keys", help="client keys").add_subparsers(required=True)
    new = keys.add_parser("new", help="make a client key; prints it once with its TOML block")
    new.add_argument(
        "--scopes", default="read", help="comma-separated: " + ", ".join(sorted(ALL_SCOPES))
    )
    new.add_argument("--integration", action="append", required=True, help="repeatable")
    new.add_argument("--name", help="a label for logs (e.g. the client app)")
    new.add_argument("--config", type=Path, help="also append the block to this config file")
    new.set_defaults(run=cmd_keys_new)

    connect = sub.add_parser("connect", help="add or update a Flatchr integration, checked")
    connect.add_argument("--id", help="integration id (what X-Integration-Id names)")
    connect.add_argument("--company-id", help="Flatchr company key (Settings > Advanced > API)")
    key = connect.add_mutually_exclusive_group()
    key.add_argument("--api-key", help="Flatchr API key (prefer --api-key-env)")
    key.add_argument("--api-key-env", help="environment variable holding the API key")
    connect.add_argument("--slug", help="careers sub-domain: acme for acme.flatchr.io")
    connect.add_argument("--api-base-url", default="https://api.flatchr.io")
    connect.add_argument("--careers-base-url", default="https://careers.flatchr.io")
    connect.add_argument("--offerer-id", type=int, help="official job board id (75: career site)")
    connect.add_argument("--source-id", help="default custom source id")
    connect.add_argument("--config", type=Path, help=f"config file (default: {DEFAULT_CONFIG})")
    connect.add_argument(
        "--yes", action="store_true", help="save even if a check fails; no questions"
    )
    connect.set_defaults(run=cmd_connect)

    export = sub.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    export.set_defaults(run=cmd_export_schema)
    return parser


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway.web.app import create_app
    from gateway.web.observability import configure_logging

    overrides = {
        k: v
        for k, v in (("config", args.config), ("host", args.host), ("port", args.port))
        if v is not None
    }
    settings = load_settings(**overrides)
    if settings.mode == "demo":
        # Demo mode serves callers without a key, with every scope: only for `demo`.
        raise ConfigError(
            "GATEWAY_MODE: demo mode serves anyone without a key; `serve` refuses it "
            "(use `make demo` / `flatchr-demo`, or mode development/production)"
        )
    app = create_app(settings)  # before logging is set up: a ConfigError stays one line
    configure_logging(settings)
    if args.workers > 1:
        if settings.cache_backend != "redis":
            print(
                "flatchr-gateway: --workers without GATEWAY_CACHE_BACKEND=redis: each worker "
                "has its own cache and rate limits",
                file=sys.stderr,
            )
        # Each worker process builds its own app from the environment: pass the flags on.
        os.environ.update({f"GATEWAY_{k.upper()}": str(v) for k, v in overrides.items()})
        uvicorn.run(
            "gateway.web.app:create_app_from_env",
            factory=True,
            workers=args.workers,
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
        )
        return 0
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    from schema import build_schema

    print(str(build_schema()))
    return 0


def cmd_keys_new(args: argparse.Namespace) -> int:
    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    unknown = sorted(set(scopes) - ALL_SCOPES)
    if unknown or not scopes:
        raise ConfigError(
            f"--scopes: unknown scope(s) {unknown}; use {', '.join(sorted(ALL_SCOPES))}"
        )
    integrations = [i.strip() for arg in args.integration for i in arg.split(",") if i.strip()]
    key, sha256 = new_client_key()
    fields = api_key_fields(sha256, scopes, integrations, args.name)
    block = toml_table("api_keys", fields)
    if args.config is not None:
        existing = load_file_config(args.config)
        known = {i.id for i in existing.integrations}
        missing = [i for i in integrations if i not in known]
        if missing:
            raise ConfigError(f"--integration: {args.config} has no integration {missing[0]!r}")
        text = args.config.read_text(encoding="utf-8")
        write_config_text(args.config, append_table(text, "api_keys", fields))
    print("New client key (shown only this once; the gateway stores only its SHA-256):")
    print(f"\n    {key}\n")
    print("Send it as `Authorization: Bearer <key>`.")
    if args.config is not None:
        print(f"Added to {args.config}:\n")
    else:
        print("Add this block to the gateway's config file:\n")
    print(block)
    return 0


def api_key_fields(
    sha256: str, scopes: Iterable[str], integrations: Iterable[str], name: str | None = None
) -> dict[str, object]:
    """The fields of the `[[api_keys]]` table for a key."""
    fields: dict[str, object] = {"sha256": sha256, "scopes": sorted(scopes)}
    fields["integrations"] = list(integrations)
    if name:
        fields["name"] = name
    return fields


def cmd_connect(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty() and not args.yes
    path: Path = args.config or DEFAULT_CONFIG
    fields: dict[str, object] = {
        "company_id": args.company_id
        or _ask("Flatchr company key (Settings > Advanced > API)", interactive, "--company-id"),
    }
    if args.api_key_env:
        fields["api_key_env"] = args.api_key_env
    else:
        fields["api_key"] = args.api_key or _ask(
            "Flatchr API key", interactive, "--api-key", secret=True
        )
    slug = args.slug or (
        _ask("Careers sub-domain (acme for acme.flatchr.io)", interactive, "--slug")
        if interactive
        else None
    )
    fields |= {
        "slug": slug,
        "api_base_url": args.api_base_url,
        "careers_base_url": args.careers_base_url,
        "offerer_id": args.offerer_id,
        "source_id": args.source_id,
    }
    integration_id = args.id or slug or "default"
    fields = {"id": integration_id, **fields}
    try:
        integration = IntegrationConfig.model_validate(fields)
    except ValidationError as exc:
        raise ConfigError(
            f"integration: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}"
        ) from None
    secret = integration.resolved_api_key().get_secret_value()
    print(f"Checking integration {integration_id!r} against {integration.api_base_url} ...")
    checks = asyncio.run(_check(integration, load_settings()))
    for check in checks:
        print(f"  {'ok  ' if check.ok else 'FAIL'} {check.name}")
        if not check.ok and check.message:
            print("       " + redact(check.message, [secret]))
    failed = [c for c in checks if not c.ok]
    if failed and not args.yes and not (interactive and _confirm("Save the integration anyway?")):
        print(f"Not saved. Fix the {len(failed)} failed check(s), or pass --yes to save anyway.")
        return 1
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    write_config_text(path, upsert_integration(text, fields))
    print(f"Saved integration {integration_id!r} in {path}.")
    print("Next, a client key for it:")
    print(
        f"  flatchr-gateway keys new --scopes read --integration {integration_id} --config {path}"
    )
    return 1 if failed else 0


async def _check(integration: IntegrationConfig, settings: Settings) -> list[Check]:
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as http:
        return (
            await FlatchrPool(http, client_options(settings))
            .client(integration)
            .check_connection(integration.slug)
        )


def _ask(label: str, interactive: bool, flag: str, *, secret: bool = False) -> str:
    if not interactive:
        raise ConfigError(f"{flag} is required (no terminal to ask on)")
    while True:
        value = (getpass.getpass(f"{label}: ") if secret else input(f"{label}: ")).strip()
        if value:
            return value


def _confirm(question: str) -> bool:
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
