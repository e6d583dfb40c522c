"""Look-ahead: start every collection a query will need as soon as its root field runs.

Without it, a cold `jobs { applications { ... } }` waits for the vacancies before it asks for
the applicants (two upstream round trips in a row); with it, all the collections the document
selects are requested at once (one round trip of latency). Only collections the selected
fields will read are started, and each through the request's memo, so nothing is fetched
twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from loaders.tenant import TenantData

#: selected field name -> the collections resolving it reads
NEEDS: dict[str, tuple[str, ...]] = {
    "jobs": ("vacancies",),
    "job": ("vacancies",),
    "stages": ("vacancies", "columns"),
    "applicationStages": ("columns",),
    "currentStage": ("vacancies", "columns", "applicants"),
    "applications": ("vacancies", "columns", "applicants"),
    "application": ("vacancies", "columns", "applicants"),
    "candidates": ("applicants",),
    "candidate": ("applicants",),
    "tags": ("tags",),
    "candidateTags": ("tags",),
    "tag": ("tags",),
}


def _names(selections: Iterable[Any], depth: int = 0) -> set[str]:
    found: set[str] = set()
    if depth > 12:
        return found
    for sel in selections:
        name = getattr(sel, "name", None)
        if isinstance(name, str):
            found.add(name)
        found |= _names(getattr(sel, "selections", ()) or (), depth + 1)
    return found


def collections_for(selected_fields: Iterable[Any]) -> set[str]:
    wanted: set[str] = set()
    for name in _names(selected_fields):
        wanted.update(NEEDS.get(name, ()))
    return wanted


def start(data: TenantData, selected_fields: Iterable[Any]) -> None:
    """Kick off the fetches in the background (errors surface where the data is used)."""
    if data.settings.naive:
        return
    fetchers: dict[str, Callable[[], Awaitable[Any]]] = {
        "vacancies": data.vacancies_doc,
        "columns": data.columns_doc,
        "applicants": data.applicants_doc,
        "tags": data.tags_doc,
    }
    for name in collections_for(selected_fields):
        task = asyncio.ensure_future(fetchers[name]())
        # Retrieved here so an upstream error is not reported as "never retrieved";
        # the resolver that needs the document awaits the same memoised future.
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
