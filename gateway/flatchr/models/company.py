"""Company-wide definitions: pipeline columns (S1), tags (T1) and applicant traits (T2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from gateway.flatchr.models.common import Json, _key
from gateway.flatchr.models.parse import (
    parse_bool,
    parse_datetime,
    parse_int,
    parse_str,
    scrub,
    split_list,
)


@dataclass(frozen=True, slots=True)
class Column:
    id: int
    title: str | None
    position: int
    visible: bool
    hired: bool
    created_at: datetime | None
    updated_at: datetime | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Column:
        return cls(
            id=parse_int(data.get("id")) or 0,
            title=parse_str(data.get("title")),
            position=parse_int(data.get("position")) or 0,
            visible=parse_bool(data.get("visible")) is not False,
            hired=bool(parse_bool(data.get("hired"))),
            created_at=parse_datetime(data.get("created_at")),
            updated_at=parse_datetime(data.get("updated_at")),
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    tag_id: int | None
    title: str | None
    values: list[str]
    type: str | None
    multiple: bool
    visible: bool
    position: int | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Tag:
        return cls(
            id=_key(data.get("id")),
            tag_id=parse_int(data.get("tag_id")),
            title=parse_str(data.get("title")),
            values=split_list(data.get("values")),
            type=parse_str(data.get("type")),
            multiple=bool(parse_bool(data.get("multiple"))),
            visible=parse_bool(data.get("visible")) is not False,
            position=parse_int(data.get("position")),
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class Trait:
    """A tag value on an applicant (T2); `tag_id` is the tag *hashid* here."""

    id: str | None
    tag_id: str
    value: str | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Trait:
        return cls(
            id=parse_str(data.get("id")),
            tag_id=_key(data.get("tag_id") or data.get("tag")),
            value=parse_str(data.get("value")),
            raw=scrub(data),
        )
