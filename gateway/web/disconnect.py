"""Stop working for a client that went away.

Uvicorn does not cancel a request's task when its client disconnects: it only says so on the
ASGI `receive` channel, which nobody reads once the body is in. `cancel_on_disconnect` reads
that channel while the GraphQL view does real work (after the body is in and no reused answer
fits: reused answers pay for no task) and, when `http.disconnect` comes before the response
has started, cancels the request's task. The upstream fetches the request waited on are then
cancelled too, unless another request still waits on them (loaders/flight.py): the client that
is left keeps its answer, and Flatchr is not kept busy for nobody.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.types import Receive, Scope

from gateway.web.observability import request_info

logger = logging.getLogger("gateway")


class ClientGone(Exception):
    """The client disconnected before its answer started; the request simply ends."""


@contextlib.asynccontextmanager
async def cancel_on_disconnect(scope: Scope, receive: Receive) -> AsyncIterator[None]:
    """Run the block; if the client disconnects before anything is sent, the block is
    cancelled and `ClientGone` raised instead (the caller sends nothing more)."""
    task = asyncio.current_task()
    if task is None:  # pragma: no cover - always inside a task under an ASGI server
        yield
        return
    gone = False

    async def watch() -> None:
        nonlocal gone
        while True:
            try:
                message = await receive()
            except Exception:  # the server's channel failed: nothing left to watch
                return
            if message["type"] == "http.disconnect":
                info = request_info(scope)
                if info is None or not info.status:  # nothing sent yet
                    gone = True
                    if info is not None:
                        info.outcome = "disconnected"
                    task.cancel()
                return

    watcher = asyncio.ensure_future(watch())
    try:
        yield
    except asyncio.CancelledError:
        if not gone:
            raise
        task.uncancel()  # our own cancellation
        logger.info("client disconnected; request abandoned", extra={"path": scope["path"]})
        raise ClientGone from None
    finally:
        watcher.cancel()
