"""`GET /attachments/<token>`: stream a candidate's CV from Flatchr (`Attachment.dataUrl`).

The signed, expiring token (gateway.core.signing) is the only credential: it names the integration
and the Flatchr file, so it can open nothing else, and it stops working after its expiry. The
file is fetched through the integration's client (C6, at most one request per second per
company) and streamed back with its content type.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from gateway.core.errors import GatewayError, NotFound, RemoteNotFound, Unavailable
from gateway.core.settings import FileConfig, Settings
from gateway.core.signing import verify
from gateway.web.errors import error_response
from resolvers.services import Services

NOT_FOUND = "This download link is invalid or has expired; query the attachment again."


def download_endpoint(
    settings: Settings, file_config: FileConfig, services: Callable[[], Services | None]
) -> Callable[[Request], Awaitable[Response]]:
    integrations = {i.id: i for i in file_config.integrations}
    secret = settings.signing_key

    async def download(request: Request) -> Response:
        ref = verify(secret, request.path_params.get("token", ""))
        integration = integrations.get(ref.integration_id) if ref is not None else None
        running = services()
        if ref is None or integration is None:
            return error_response(NotFound(NOT_FOUND))
        if running is None:
            return error_response(Unavailable("The gateway is starting.", retry_after=1))
        client = running.pool.client(integration)
        try:
            content, content_type = await client.download_file(ref.key, ref.extension)
        except RemoteNotFound as exc:  # the file is gone upstream: gone for the caller too
            return error_response(NotFound(exc.message))
        except GatewayError as exc:
            return error_response(exc)
        filename = f"cv.{ref.extension}"
        return Response(
            content,
            media_type=content_type or "application/octet-stream",
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return download
