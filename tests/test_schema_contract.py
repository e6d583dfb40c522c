"""The exported schema is a committed artifact that honours the public contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from schema import build_schema
from schema.contract import contract_problems

ROOT = Path(__file__).resolve().parents[1]
EXPORTED = ROOT / "schema" / "schema.graphql"
CONTRACT = ROOT / "contract" / "schema.graphql"
SHARED = ROOT.parent / "shared" / "schema.graphql"


def test_exported_schema_file_is_current() -> None:
    current = str(build_schema()) + "\n"
    assert EXPORTED.read_text(encoding="utf-8") == current, "run `make schema` and commit"


def test_exported_schema_contains_the_whole_contract() -> None:
    problems = contract_problems(CONTRACT.read_text(), EXPORTED.read_text())
    assert problems == []


def test_contract_checker_notices_a_missing_field() -> None:
    exported = EXPORTED.read_text().replace("  salaryPeriod: SalaryPeriod\n", "", 1)
    assert "missing field Job.salaryPeriod" in contract_problems(CONTRACT.read_text(), exported)


def test_contract_checker_notices_an_incompatible_type() -> None:
    exported = EXPORTED.read_text().replace("  totalCount: Int!\n", "  totalCount: String!\n", 1)
    assert any("totalCount" in p for p in contract_problems(CONTRACT.read_text(), exported))


@pytest.mark.skipif(not SHARED.exists(), reason="no ../shared checkout beside the repo")
def test_repo_copy_of_the_contract_matches_shared() -> None:
    assert CONTRACT.read_text() == SHARED.read_text(), "copy ../shared/schema.graphql to contract/"
