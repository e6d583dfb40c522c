"""A TCP proxy in front of a real redis-server that holds back one reply: the command reaches
Redis and runs, but its answer arrives after the client's socket timeout, as on a congested
network or a loaded CI machine. redis-py then retries the command once on a new connection
(our client is built with one immediate retry), so what a store does on "my own command
already ran" is tested against the real server, not a mock.

    async with LostReplyProxy(redis_server.port, trigger=b"lock:", delay=1.0) as url:
        client = connect(url, timeout=0.3)
        ...  # the first command whose bytes contain b"lock:" runs, and its reply is late
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType


class LostReplyProxy:
    def __init__(self, target_port: int, *, trigger: bytes, delay: float) -> None:
        self.target_port = target_port
        self.trigger = trigger
        self.delay = delay
        #: how many replies were held back (1 once the trigger was seen)
        self.held = 0
        self._server: asyncio.Server | None = None
        self._pumps: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"redis://127.0.0.1:{port}/0"

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._pumps):
            task.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        late = asyncio.Event()  # set: the next reply on this connection is held back
        pumps = [
            asyncio.create_task(self._requests(client_r, server_w, late)),
            asyncio.create_task(self._replies(server_r, client_w, late)),
        ]
        self._pumps.update(pumps)
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in pumps:
                task.cancel()
                self._pumps.discard(task)
            for writer in (client_w, server_w):
                writer.close()

    async def _requests(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, late: asyncio.Event
    ) -> None:
        while chunk := await source.read(65536):
            if not self.held and self.trigger in chunk:
                self.held = 1
                late.set()
            sink.write(chunk)
            await sink.drain()

    async def _replies(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, late: asyncio.Event
    ) -> None:
        while chunk := await source.read(65536):
            if late.is_set():
                late.clear()
                await asyncio.sleep(self.delay)
            with contextlib.suppress(ConnectionError):
                sink.write(chunk)
                await sink.drain()
