"""C4 sent once, and the new applicant found again with C1 (C4 answers no id).

C4 is never retried blindly: when it times out or fails with 5xx the application may exist
upstream anyway, so the gateway searches for it (C1 by e-mail and vacancy) a few times with
backoff, within a bounded total wait (settings `reconcile_*`). Found: the write happened and
is a success. Not found: the outcome is unknown to the caller as REMOTE_SERVICE_UNAVAILABLE,
and a retry (with the same idempotency key) is safe because the retry checks again first.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from gateway.core.errors import RemoteError, RemoteUnavailable
from gateway.core.settings import Settings
from gateway.flatchr import FlatchrClient
from gateway.flatchr.models import ApplicantRow
from unified.keys import normalise_email


@dataclass(frozen=True, slots=True)
class Target:
    """Who applies to what: the e-mail as sent and the vacancy (hashid and numeric id)."""

    email: str
    vacancy: str
    vacancy_id: int | None


@dataclass(frozen=True, slots=True)
class Submitted:
    """`row`: the new applicant, or None when it could not be found. `confirmed`: Flatchr
    answered the write with a success (else it failed and `row` says whether it landed)."""

    row: ApplicantRow | None
    confirmed: bool


async def existing(client: FlatchrClient, target: Target) -> list[ApplicantRow]:
    """The applications of this e-mail to this vacancy, oldest first (a live C1 search; C1's
    e-mail filter is "contains", so the rows are narrowed to the exact address here)."""
    rows = await client.search_applicants(email=target.email, vacancy=target.vacancy)
    email = normalise_email(target.email)
    return [
        row
        for row in rows
        if normalise_email(row.email) == email
        and (target.vacancy_id is None or row.vacancy_id in (None, target.vacancy_id))
    ]


def newest(rows: list[ApplicantRow]) -> ApplicantRow | None:
    """The newest row: the latest `created_at` (C1 gives days), ties to the later row (C1 lists
    applicants in creation order)."""
    if not rows:
        return None

    def rank(pair: tuple[int, ApplicantRow]) -> tuple[float, int]:
        created = pair[1].created_at
        return (created.timestamp() if created is not None else float("-inf"), pair[0])

    return max(enumerate(rows), key=rank)[1]


async def submit(
    client: FlatchrClient, body: dict[str, Any], target: Target, settings: Settings
) -> Submitted:
    """Send C4 once and find the applicant it made. Raises what C4 raises except
    `RemoteUnavailable` (timeout, 5xx), which is reconciled."""
    try:
        await client.create_candidate(body)
    except RemoteUnavailable:
        return Submitted(await find(client, target, settings), confirmed=False)
    return Submitted(await find(client, target, settings), confirmed=True)


async def find(client: FlatchrClient, target: Target, settings: Settings) -> ApplicantRow | None:
    """Search now, then again after `reconcile_delay` (doubled each time), at most
    `reconcile_polls` searches within `reconcile_max_wait`. A failing search counts as
    "not found yet"."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.reconcile_max_wait
    delay = settings.reconcile_delay
    for attempt in range(settings.reconcile_polls):
        if attempt:
            left = deadline - loop.time()
            if left <= 0:
                break
            await asyncio.sleep(min(delay, left))
            delay *= 2
        try:
            row = newest(await existing(client, target))
        except RemoteError:
            row = None
        if row is not None:
            return row
    return None
