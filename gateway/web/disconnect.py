"""Stop working for a client that went away.

Uvicorn does not cancel a request's task when its client disconnects: it only says so on the
ASGI `receive` channel, which nobody reads once the body is in. This middleware reads the
channel for the app (handing the messages on through a queue) and, when `http.disconnect`
comes before the response has started, cancels the request's task. The upstream fetches the
request waited on are then cancelled too, unless another request still waits on them
(loaders/flight.py): the client that is left keeps its answer, and Flatchr is not kept busy
for nobody.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.web.observability import request_info

logger = logging.getLogger("gateway")
_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


class CancelOnDisconnect:
    """Cancel the request's work when its client disconnects before the answer starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        task = asyncio.current_task()
        if scope["type"] != "http" or task is None:
            await self.app(scope, receive, send)
            return
        queue: asyncio.Queue[Message | Exception] = asyncio.Queue()
        gone = False
        watcher: asyncio.Future[None] | None = None

        async def watch() -> None:
            nonlocal gone
            while True:
                try:
                    message = await receive()
                except Exception as exc:  # the app's own read would have raised it
                    queue.put_nowait(exc)
                    return
                queue.put_nowait(message)
                if message["type"] == "http.disconnect":
                    info = request_info(scope)
                    if info is not None and not info.status:  # nothing sent yet
                        gone = True
                        info.outcome = "disconnected"
                        task.cancel()
                    return

        async def app_receive() -> Message:
            nonlocal watcher
            if watcher is None:
                # The body is read by the app itself, at its pace (the body cap relies on
                # it); the watcher takes over the channel once the body is in.
                message = await receive()
                if message["type"] == "http.request" and not message.get("more_body", False):
                    watcher = asyncio.ensure_future(watch())
                return message
            item = await queue.get()
            if isinstance(item, Exception):
                raise item
            return item

        if scope["method"] in _NO_BODY:
            watcher = asyncio.ensure_future(watch())
        try:
            await self.app(scope, app_receive, send)
        except asyncio.CancelledError:
            if not gone:
                raise
            task.uncancel()  # our own cancellation: the request simply ends
            logger.info("client disconnected; request abandoned", extra={"path": scope["path"]})
        finally:
            if watcher is not None:
                watcher.cancel()
