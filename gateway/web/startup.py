"""The one log line that says how the gateway started.

A server started without its configuration (say, production variables pasted without
`export`) still starts: in development mode, with no client key, GraphiQL on, every request
answered 401. This line makes that visible at once: the mode, how many integrations and client
keys it loaded, where it listens, and a warning with the likely cause when no key can get in.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger("gateway.web.startup")


def startup_fields(
    *, mode: str, integrations: int, api_keys: int, url: str, graphiql: bool, config: str | None
) -> tuple[int, str, dict[str, Any]]:
    """Level, message and structured fields of the start-up line."""
    fields: dict[str, Any] = {
        "mode": mode,
        "integrations": integrations,
        "apiKeys": api_keys,
        "url": url,
        "config": config,
        "graphiql": f"{url.rstrip('/')}/graphql" if graphiql else None,
    }
    if mode != "demo" and (api_keys == 0 or integrations == 0):
        missing = "client keys" if api_keys == 0 else "integrations"
        where = f"{config} has no {missing}" if config else "GATEWAY_CONFIG is not set"
        fields["hint"] = (
            f"{where}: every GraphQL request will be refused. Set GATEWAY_CONFIG (and, in "
            "production, GATEWAY_MODE=production) with `export`, or pass --config."
        )
        return logging.WARNING, "gateway started without client access", fields
    return logging.INFO, "gateway started", fields


def log_startup(
    *, mode: str, integrations: int, api_keys: int, url: str, graphiql: bool, config: str | None
) -> None:
    level, message, fields = startup_fields(
        mode=mode,
        integrations=integrations,
        api_keys=api_keys,
        url=url,
        graphiql=graphiql,
        config=config,
    )
    logger.log(level, message, extra={"fields": fields})
