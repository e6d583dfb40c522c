"""Records to and from JSON, for change tracking (design §6).

`own_fields` is what a record's fingerprint is computed from: its own fields, without the
tracking fields themselves and without what only reflects records nested under it (a
candidate's applicant rows and application keys), so a change to an application does not
move its candidate's changedAt. `encode` is the snapshot kept for a record; `decode` turns a
snapshot back into the record (served for includeDeleted once the record is gone).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from datetime import datetime
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

import orjson

from unified import model

R = TypeVar("R")

#: fields never fingerprinted: the tracking fields, and (per record type) what reflects nested
#: records rather than the record itself
_NOT_OWN: dict[type, frozenset[str]] = {
    model.PersonRecord: frozenset({"application_keys", "remote_data"}),
}
_TRACKING = frozenset({"changed_at", "remote_deleted_at"})


def own_fields(record: Any) -> dict[str, Any]:
    """The record's own fields as JSON-able values (the fingerprint's input)."""
    names, get = _own(record.__class__)
    return dict(zip(names, get(record), strict=True))


@cache
def _own(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """The names of a record class's own fields, and one getter returning them all (a tuple):
    `dataclasses.fields` and one getattr per field cost more than the hashing itself."""
    skip = _TRACKING | _NOT_OWN.get(cls, frozenset())
    names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in skip)
    if not names:
        return names, lambda record: ()
    get = attrgetter(*names)
    if len(names) == 1:  # attrgetter of one name returns the value, not a 1-tuple
        return names, lambda record: (get(record),)
    return names, get


def encode(record: Any) -> bytes:
    """The record as JSON bytes (dataclasses and datetimes as orjson writes them)."""
    return orjson.dumps(record)


def decode(cls: type[R], data: bytes) -> R:
    """The record of type `cls` that `encode` wrote."""
    value: R = _build(cls, orjson.loads(data))
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, vars(model))


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        return _build(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (item,) = get_args(tp)
        return [_build(item, v) for v in value]
    if tp is datetime:
        return datetime.fromisoformat(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _build(hints[k], v) for k, v in value.items() if k in names})
    return value
