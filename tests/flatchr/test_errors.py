"""Each upstream failure becomes the right class of `gateway.core.errors`, without secrets."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.core.errors import (
    ErrorCode,
    IntegrationAuthInvalid,
    RemoteNotFound,
    RemoteRateLimited,
    RemoteUnavailable,
    RemoteUnknownHttpError,
)
from gateway.flatchr import FlatchrClient, FlatchrPool
from tests.flatchr.helpers import Sim, closed_port_url, fast_settings, integration_for


async def test_bad_key_is_integration_auth_invalid_without_the_key(
    pool: FlatchrPool, sim: Sim, company: Any
) -> None:
    secret = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6NDJ9.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ"
    client = pool.client(integration_for(company, api_key=secret))

    with pytest.raises(IntegrationAuthInvalid) as caught:
        await client.list_columns()

    message = str(caught.value)
    assert caught.value.code is ErrorCode.INTEGRATION_AUTHENTICATION_INVALID
    assert "365 days" in message and "company key" in message
    assert secret not in message and secret not in repr(caught.value.extensions)
    assert caught.value.__cause__ is None
    assert await sim.counts() == {"S1": 1}


async def test_foreign_company_path_is_integration_auth_invalid(
    pool: FlatchrPool, sim: Sim, company: Any, other_company: Any
) -> None:
    # The right key of another company on this company's paths: Flatchr answers 403.
    client = pool.client(integration_for(company, api_key=other_company.api_key))

    with pytest.raises(IntegrationAuthInvalid) as caught:
        await client.list_vacancies()

    assert "(403)" in str(caught.value)
    assert other_company.api_key not in str(caught.value)
    assert await sim.counts() == {"V1": 1}


async def test_unknown_vacancy_is_remote_not_found(client: FlatchrClient, sim: Sim) -> None:
    with pytest.raises(RemoteNotFound) as caught:
        await client.get_vacancy("Zz9Zz9Zz9Zz9Zz9Z")

    assert caught.value.status == 404
    assert caught.value.code is ErrorCode.PLATFORM_NOT_FOUND
    assert await sim.counts() == {"V2": 1}


async def test_unknown_careers_slug_is_remote_not_found_naming_it(
    client: FlatchrClient, sim: Sim
) -> None:
    with pytest.raises(RemoteNotFound) as caught:
        await client.careers_feed("no-such-company")

    assert "no-such-company" in str(caught.value)
    assert await sim.counts() == {"V4": 1}


async def test_rate_limited_read_is_retried_then_remote_rate_limited(
    http: httpx.AsyncClient, sim: Sim, company: Any
) -> None:
    # The simulator's smallest Retry-After is 1 s, so one retry keeps this test short.
    client = FlatchrPool(http, fast_settings(max_retries=1)).client(integration_for(company))
    await sim.fault("C1", status=429)

    with pytest.raises(RemoteRateLimited) as caught:
        await client.search_applicants()

    assert caught.value.code is ErrorCode.REMOTE_RATE_LIMIT_EXCEEDED
    assert caught.value.retry_after == 1
    assert await sim.counts() == {"C1": 2}


async def test_server_error_on_read_is_retried_then_remote_unavailable(
    http: httpx.AsyncClient, sim: Sim, company: Any
) -> None:
    client = FlatchrPool(http, fast_settings(max_retries=2)).client(integration_for(company))
    await sim.fault("S1", status=503)

    with pytest.raises(RemoteUnavailable) as caught:
        await client.list_columns()

    assert caught.value.status == 503
    assert caught.value.code is ErrorCode.REMOTE_SERVICE_UNAVAILABLE
    assert await sim.counts() == {"S1": 3}


async def test_unexpected_status_is_remote_unknown_http_error_not_retried(
    client: FlatchrClient, sim: Sim
) -> None:
    await sim.fault("T1", status=409)

    with pytest.raises(RemoteUnknownHttpError) as caught:
        await client.list_tags()

    assert caught.value.status == 409
    assert "Simulated failure" in str(caught.value)
    assert await sim.counts() == {"T1": 1}


async def test_hanging_upstream_past_the_deadline_is_remote_unavailable(
    http: httpx.AsyncClient, sim: Sim, company: Any
) -> None:
    # In-process transports ignore httpx timeouts; the total deadline still ends the call.
    # (The simulator logs a request when it answers, so attempts are counted by an observer.)
    attempts: list[int | None] = []
    pool = FlatchrPool(http, fast_settings(upstream_deadline=0.3))
    pool.add_observer(lambda endpoint, status, seconds, integ: attempts.append(status))
    await sim.fault("V1", hang=True)

    with pytest.raises(RemoteUnavailable, match="timed out"):
        await pool.client(integration_for(company)).list_vacancies()

    assert attempts == [None]


async def test_closed_port_is_remote_unavailable_after_retries(
    http: httpx.AsyncClient, company: Any
) -> None:
    attempts: list[int | None] = []
    async with httpx.AsyncClient() as real_http:
        pool = FlatchrPool(real_http, fast_settings(max_retries=2))
        pool.add_observer(lambda endpoint, status, seconds, integ: attempts.append(status))
        client = pool.client(integration_for(company, base=closed_port_url()))

        with pytest.raises(RemoteUnavailable, match="could not be reached"):
            await client.list_columns()

    assert attempts == [None, None, None]


@pytest.mark.parametrize(
    ("method", "expected_attempts"),
    [("move", 3), ("create", 1)],
)
async def test_connect_error_on_write_retried_only_when_never_sent(
    company: Any, method: str, expected_attempts: int
) -> None:
    attempts: list[str] = []
    async with httpx.AsyncClient() as real_http:
        pool = FlatchrPool(real_http, fast_settings(max_retries=2))
        pool.add_observer(lambda endpoint, status, seconds, integ: attempts.append(endpoint))
        client = pool.client(integration_for(company, base=closed_port_url()))

        with pytest.raises(RemoteUnavailable):
            if method == "move":
                await client.move_applicant("Vv1Vv1Vv1Vv1Vv1V", "Aa1Aa1Aa1Aa1Aa1A", 1)
            else:
                await client.create_candidate({"vacancy": "x", "firstname": "a"})

    assert len(attempts) == expected_attempts
