"""Flatchr failing: errors on the affected fields only, stale copies served and announced."""

from __future__ import annotations

import pytest

from devtools.local import LocalGateway
from gateway.core.settings import Settings
from tests.api.conftest import Harness


async def test_failing_details_null_only_remote_data_with_remote_unavailable(gw: Harness) -> None:
    await gw.fault(endpoint="V2", status=503, rate=1.0)
    result = await gw.execute("{ jobs(first: 3) { edges { node { name remoteData } } } }")
    assert result.data is not None
    names = [e["node"]["name"] for e in result.data["jobs"]["edges"]]
    assert all(names)
    assert all(e["node"]["remoteData"] is None for e in result.data["jobs"]["edges"])
    assert {e.extensions["code"] for e in result.errors} == {"REMOTE_SERVICE_UNAVAILABLE"}
    assert all("Traceback" not in e.message for e in result.errors)


async def test_failing_traits_null_the_candidate_not_the_application(gw: Harness) -> None:
    await gw.data("{ applications(first: 3) { totalCount } }")  # warm the collections
    await gw.fault(endpoint="T2", status=500, rate=1.0)
    result = await gw.execute(
        "{ applications(first: 3) { edges { node { outcome candidate { firstName tags { name } } } } } }"
    )
    edges = result.data["applications"]["edges"]
    assert len(edges) == 3
    assert all(e["node"]["outcome"] for e in edges)
    assert all(e["node"]["candidate"] is None for e in edges)
    assert {e.extensions["code"] for e in result.errors} == {"REMOTE_SERVICE_UNAVAILABLE"}


async def test_rate_limited_upstream_maps_to_remote_rate_limit(gw: Harness) -> None:
    await gw.fault(endpoint="V1", status=429, rate=1.0, retry_after=0)
    result = await gw.execute("{ jobs { totalCount } }")
    assert result.data is None
    assert result.errors[0].extensions["code"] == "REMOTE_RATE_LIMIT_EXCEEDED"


@pytest.fixture
async def stale_gw() -> Harness:
    # TTL 0: every read after the first is stale and refreshed in the background.
    harness = await LocalGateway.start(
        Settings(ttl_vacancies=0.0, retry_backoff=0.01, max_retries=0, max_stale=3600)
    )
    yield harness  # type: ignore[misc]
    await harness.close()


async def test_stale_copy_is_served_and_announced_when_flatchr_fails(stale_gw: Harness) -> None:
    fresh = await stale_gw.data("{ jobs { totalCount } }")
    await stale_gw.fault(endpoint="V1", status=503, rate=1.0)
    result = await stale_gw.execute("{ jobs { totalCount } }")
    assert result.errors is None
    assert result.data == fresh
    assert stale_gw.last_extensions == {"staleResources": ["vacancies"]}
