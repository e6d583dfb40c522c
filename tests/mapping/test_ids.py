"""The one id codec (design §4): the wire format of global ids, cursors and attachment ids is
pinned here, since clients store them."""

from __future__ import annotations

import pytest

from gateway.core.errors import InputInvalid
from resolvers.attachments import attachment_id
from resolvers.pagination import decode_cursor, encode_cursor
from unified import ids


def test_global_id_is_base64_of_type_and_key() -> None:
    assert ids.to_global_id("Job", "abc") == "Sm9iOmFiYw=="
    assert ids.to_global_id("Candidate", "e:0123") == "Q2FuZGlkYXRlOmU6MDEyMw=="


def test_global_id_round_trips_a_key_holding_colons() -> None:
    gid = ids.to_global_id("CandidateTag", "e:0123:tag1")
    assert ids.from_global_id(gid, expect="CandidateTag") == ("CandidateTag", "e:0123:tag1")


def test_cursor_and_attachment_ids_share_the_format() -> None:
    assert encode_cursor("abc") == "Y3Vyc29yOmFiYw=="
    assert decode_cursor("Y3Vyc29yOmFiYw==") == "abc"
    assert attachment_id("k1", "pdf") == "QXR0YWNobWVudDpwZGY6azE="
    assert ids.decode(attachment_id("k1", "pdf")) == ("Attachment", "pdf:k1")


@pytest.mark.parametrize("bad", ["not-base64!", "Sm9i", "OmFiYw==", "Sm9iOg==", "é", ""])
def test_decode_refuses_what_is_not_kind_colon_key(bad: str) -> None:
    assert ids.decode(bad) is None


@pytest.mark.parametrize("bad", ["Sm9iOmFiYw", ids.encode("Nope", "x"), ids.encode("cursor", "x")])
def test_from_global_id_refuses_unknown_kinds_and_bad_padding(bad: str) -> None:
    with pytest.raises(InputInvalid, match="is not a valid id"):
        ids.from_global_id(bad)


def test_from_global_id_names_the_expected_type() -> None:
    with pytest.raises(InputInvalid, match="is a Tag id, expected a Job id"):
        ids.from_global_id(ids.to_global_id("Tag", "x"), expect="Job")


def test_a_global_id_is_not_a_cursor() -> None:
    with pytest.raises(InputInvalid, match="not a cursor"):
        decode_cursor(ids.to_global_id("Job", "abc"))
