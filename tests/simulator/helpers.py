"""Small helpers shared by the simulator tests."""

from __future__ import annotations

import re
from typing import Any

import httpx

from simulator.model import Company

HASHID = re.compile(r"^[0-9A-Za-z]{16}$")
DMY = re.compile(r"^\d{2}/\d{2}/\d{2}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def auth(company: Company) -> dict[str, str]:
    return {"Authorization": f"Bearer {company.api_key}"}


async def search(
    client: httpx.AsyncClient, company: Company, body: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """C1 with the company's key; fails unless the answer is a 200 bare array."""
    response = await client.post(
        f"/company/{company.hashid}/search/applicants", json=body or {}, headers=auth(company)
    )
    assert response.status_code == 200, response.text
    rows = response.json()
    assert isinstance(rows, list)
    return rows


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The hapi-style error envelope."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["statusCode"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str)
    return body
