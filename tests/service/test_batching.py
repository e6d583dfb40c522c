"""Request batching: a JSON array of operations answered by an array in the same order, each
operation checked, limited, authorised and answered as if it had come alone."""

from __future__ import annotations

from typing import Any

import httpx

from tests.service.helpers import (
    GQL_JSON,
    READ_KEY,
    RW_KEY,
    WRITE_ONLY_KEY,
    bearer,
    make_app,
    probe,
    running,
)

DEPTH_40 = "{ item { " + "child { " * 40 + "name" + " }" * 40 + " } }"
TOUCH = {"query": "mutation { touch }"}
HELLO = {"query": "{ hello }"}


async def send(
    client: httpx.AsyncClient, ops: list[Any], key: str = READ_KEY, **headers: str
) -> httpx.Response:
    return await client.post("/graphql", json=ops, headers=bearer(key, **headers))


def element_codes(element: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in element.get("errors", [])]


async def test_batch_answers_in_order_with_each_operation_result() -> None:
    ops = [
        {"query": "{ whoami }"},
        {"query": "query Two { hello }", "operationName": "Two"},
        {"query": "query Q($n: Int!) { items(first: $n) { totalCount } }", "variables": {"n": 3}},
    ]
    async with running(make_app()) as client:
        response = await send(client, ops)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == [
        {"data": {"whoami": "acme read reader"}},
        {"data": {"hello": "world"}},
        {"data": {"items": {"totalCount": 1}}},
    ]
    assert probe.calls == 3


async def test_one_bad_operation_does_not_fail_the_others() -> None:
    ops = [HELLO, {"query": "{ nope }"}, 42, {"query": DEPTH_40}, {"query": "{ boom }"},
           {"query": "{ a: hello }"}]  # fmt: skip
    async with running(make_app()) as client:
        response = await send(client, ops, accept=GQL_JSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GQL_JSON)
    answers = response.json()
    assert len(answers) == 6
    assert answers[0] == {"data": {"hello": "world"}}
    assert element_codes(answers[1]) == ["GRAPHQL_VALIDATION_FAILED"] and "data" not in answers[1]
    assert element_codes(answers[2]) == ["PLATFORM_INPUT_INVALID"]
    assert element_codes(answers[3]) == ["PLATFORM_QUERY_TOO_COMPLEX"]
    assert answers[4]["data"] == {"boom": None}
    assert answers[4]["errors"][0]["message"] == "Internal server error"
    assert answers[5] == {"data": {"a": "world"}}
    assert probe.calls == 3  # hello, boom, a: hello; the refused ones reached no resolver


async def test_more_operations_than_max_batch_is_400_and_runs_none() -> None:
    async with running(make_app(max_batch=3)) as client:
        too_many = await send(client, [HELLO] * 4)
        empty = await send(client, [])
        fine = await send(client, [HELLO] * 3)
    assert too_many.status_code == empty.status_code == 400
    error = too_many.json()["errors"][0]
    assert error["extensions"]["code"] == "PLATFORM_INPUT_INVALID"
    assert error["extensions"]["maxBatch"] == 3
    assert empty.json()["errors"][0]["extensions"]["code"] == "PLATFORM_INPUT_INVALID"
    assert [a["data"] for a in fine.json()] == [{"hello": "world"}] * 3


async def test_each_operation_takes_a_rate_limit_token() -> None:
    async with running(make_app(rate_limit_per_second=0.01, rate_limit_burst=5)) as client:
        three = await send(client, [{"query": f"{{ a{n}: hello }}"} for n in range(3)])
        three_more = await send(client, [{"query": f"{{ b{n}: hello }}"} for n in range(3)])
        two = await send(client, [{"query": f"{{ c{n}: hello }}"} for n in range(2)])
        one_more = await send(client, [{"query": "{ d: hello }"}])
    assert [three.status_code, three_more.status_code, two.status_code] == [200, 429, 200]
    assert three_more.json()["errors"][0]["extensions"]["code"] == "PLATFORM_RATE_LIMIT_EXCEEDED"
    assert one_more.status_code == 429  # 5 tokens: 3 + 2 operations
    assert probe.calls == 5


async def test_mutations_in_a_batch_each_need_their_scope() -> None:
    async with running(make_app()) as client:
        reader = (await send(client, [TOUCH, HELLO], key=READ_KEY)).json()
        writer = (await send(client, [TOUCH, HELLO], key=WRITE_ONLY_KEY)).json()
        both = (await send(client, [TOUCH, HELLO, TOUCH], key=RW_KEY)).json()
    assert element_codes(reader[0]) == ["PLATFORM_PERMISSION_MISSING"]
    assert reader[1] == {"data": {"hello": "world"}}
    assert writer[0] == {"data": {"touch": True}}
    assert element_codes(writer[1]) == ["PLATFORM_PERMISSION_MISSING"]
    assert both == [
        {"data": {"touch": True}},
        {"data": {"hello": "world"}},
        {"data": {"touch": True}},
    ]
    # hello once (then reused: same tenant, same operation), touch three times
    assert probe.calls == 1 + 3


async def test_a_repeated_batch_reuses_each_answer() -> None:
    app = make_app()
    async with running(app) as client:
        first = await send(client, [HELLO, {"query": "{ whoami }"}])
        calls = probe.calls
        second = await send(client, [HELLO, {"query": "{ whoami }"}])
        single = await client.post("/graphql", json=HELLO, headers=bearer(READ_KEY))
    assert first.json() == second.json()
    assert probe.calls == calls  # the second batch ran no resolver
    assert single.json() == {"data": {"hello": "world"}}


async def test_batching_off_refuses_arrays() -> None:
    async with running(make_app(batching=False)) as client:
        response = await send(client, [HELLO])
    assert response.status_code == 400
    assert probe.calls == 0
