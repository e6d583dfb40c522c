"""Candidate attachments (Kombo's "Get candidate attachments"): the CVs of the candidate's
applicants, found through the applicant record (C2) and downloaded from C6 on demand."""

from __future__ import annotations

import base64
import mimetypes
from typing import Any

from gateway.core.errors import InputInvalid
from gateway.core.signing import DOWNLOAD_PATH, make_token
from resolvers.context import Context
from resolvers.integration import base_url
from unified import ids
from unified.model import PersonRecord

#: how long an attachment's dataUrl stays valid
DATA_URL_TTL = 15 * 60


def content_type_for(extension: str) -> str | None:
    return mimetypes.types_map.get("." + extension.lower().lstrip("."))


def attachment_id(key: str, extension: str) -> str:
    return ids.encode("Attachment", f"{extension}:{key}")


async def candidate_attachments(ctx: Context, person: PersonRecord) -> list[dict[str, Any]]:
    ctx.data.uncacheable = True  # signed, expiring URLs
    found: dict[str, dict[str, Any]] = {}
    secret = ctx.settings.signing_key
    for applicant in person.application_keys:
        record = await ctx.data.applicant_record(applicant)
        cand = record.candidate if record is not None else None
        if cand is None or not cand.cv_key or cand.cv_key in found:
            continue
        ext = cand.cv_extension or "pdf"
        name = "-".join(p for p in (person.first_name, person.last_name) if p) or "cv"
        token = make_token(secret, ctx.integration.id, cand.cv_key, ext, DATA_URL_TTL)
        found[cand.cv_key] = {
            "id": attachment_id(cand.cv_key, ext),
            "remote_id": cand.cv_key,
            "type": "CV",
            "file_name": f"{name}.{ext}",
            "content_type": content_type_for(ext),
            "data_url": base_url(ctx) + DOWNLOAD_PATH + token,
            "application_id": ids.to_global_id("Application", applicant),
            "remote_created_at": cand.created_at,
            "remote_updated_at": None,
        }
    return list(found.values())


async def attachment_data(ctx: Context, attachment_global_id: str) -> str:
    pair = ids.decode(attachment_global_id)
    ext, _, key = pair[1].partition(":") if pair and pair[0] == "Attachment" else ("", "", "")
    if not ext or not key:
        raise InputInvalid("not an attachment id")
    ctx.data.uncacheable = True
    content, _ = await ctx.data.client.download_file(key, ext)
    return base64.b64encode(content).decode("ascii")
