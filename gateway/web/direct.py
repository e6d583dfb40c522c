"""`/graphql` reached straight from the middleware stack, past Starlette's exception layer and
router: GatewayGraphQL answers every error of the tree itself (an unexpected crash still
reaches Starlette's outermost error middleware, a 500), and for a reused answer those two
layers (a `send` wrapper, a try, the route regexes) were about a tenth of the gateway's own
time (`bench.throughput`). Any other path, or /graphql under a root path, goes through the
router as before, where `/graphql` is routed to the same view.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class DirectRoute:
    def __init__(self, app: ASGIApp, *, path: str, endpoint: ASGIApp) -> None:
        self.app = app
        self.path = path
        self.endpoint = endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == self.path and not scope.get("root_path"):
            await self.endpoint(scope, receive, send)
        else:
            await self.app(scope, receive, send)
