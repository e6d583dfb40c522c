"""How long the tenant's lists are, from the snapshots the derived memo holds right now.

The cost estimate (gateway.web.cost) multiplies what is selected under a list by the list's
expected length. Where the tenant's current snapshot shows a list, its length is known:

    Job.applications        applications per job        (applications snapshot)
    Candidate.applications  applications per candidate (applications snapshot)
    Job.stages              the company's columns       (stages snapshot)

Each figure is the larger of the mean and the 90th percentile of that list's lengths, so a
few long lists in a tenant of short ones still count. Computed once per snapshot (the memo
replaces a snapshot when its documents change) and read synchronously: nothing here awaits or
calls upstream. A tenant whose snapshots are not in the memo has no figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from loaders.memo import DerivedMemo


def spread(lengths: Iterable[int]) -> int:
    """max(mean, 90th percentile) of list lengths, rounded up; 0 for no lists."""
    ordered = sorted(lengths)
    if not ordered:
        return 0
    mean = -(-sum(ordered) // len(ordered))
    return max(mean, ordered[min(len(ordered) - 1, (len(ordered) * 9) // 10)])


class TenantListSizes:
    """Figures per tenant, recomputed when the memo holds a different snapshot."""

    def __init__(self, memo: DerivedMemo) -> None:
        self.memo = memo
        self._seen: dict[str, tuple[tuple[Any, ...], dict[str, int]]] = {}

    def get(self, tenant: str) -> Mapping[str, int]:
        applications = self.memo.latest((tenant, "applications"))
        stages = self.memo.latest((tenant, "stages"))
        current = (applications, stages)
        seen = self._seen.get(tenant)
        if seen is not None and all(a is b for a, b in zip(seen[0], current, strict=True)):
            return seen[1]
        sizes: dict[str, int] = {}
        if applications is not None:
            sizes["Job.applications"] = spread(len(a) for a in applications.by_job.values())
            sizes["Candidate.applications"] = spread(
                len(a) for a in applications.by_candidate.values()
            )
        if stages is not None:
            sizes["Job.stages"] = len(stages.columns)
        if len(self._seen) > 10_000:
            self._seen.clear()
        self._seen[tenant] = (current, sizes)
        return sizes


_BY_MEMO: WeakKeyDictionary[DerivedMemo, TenantListSizes] = WeakKeyDictionary()


def list_sizes(memo: DerivedMemo, tenant: str) -> Mapping[str, int]:
    """The tenant's figures from `memo` (one `TenantListSizes` per memo, i.e. per process)."""
    sizes = _BY_MEMO.get(memo)
    if sizes is None:
        sizes = _BY_MEMO[memo] = TenantListSizes(memo)
    return sizes.get(tenant)
