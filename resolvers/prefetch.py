"""Look-ahead: start every collection a query will need as soon as its root field runs.

Without it, a cold `jobs { applications { ... } }` waits for the vacancies before it asks for
the applicants (two upstream round trips in a row); with it, all the collections the document
selects are requested at once (one round trip of latency). Only collections the selected
fields will read are started, each through the request's document loader, so nothing is
fetched twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from loaders.loaders import Loaders

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
    "screeningQuestions": ("vacancies",),
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


def start(loaders: Loaders, selected_fields: Iterable[Any]) -> None:
    """Kick off the fetches in the background (errors surface where the data is used)."""
    if loaders.naive:
        return
    for name in collections_for(selected_fields):
        future = asyncio.ensure_future(loaders.document.load((name, "*")))
        # Retrieved here so an upstream error is not reported as "never retrieved"; the
        # resolver that needs the document awaits the same future from the loader's memo.
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
