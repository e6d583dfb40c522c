from __future__ import annotations

import pytest

from tests.service.helpers import Probe, probe


@pytest.fixture(autouse=True)
def fresh_probe() -> Probe:
    """Every test starts with zero resolver calls and a closed gate."""
    probe.reset()
    return probe
