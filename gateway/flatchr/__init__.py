"""The only code that speaks HTTP to Flatchr.

`FlatchrPool` (one per process) hands out a `FlatchrClient` per integration; the client's
methods return the typed records of `gateway.flatchr.models`. `stats.begin()` starts per-request
accounting of upstream calls.
"""

from gateway.flatchr.checks import Check
from gateway.flatchr.client import FlatchrClient
from gateway.flatchr.options import ClientOptions
from gateway.flatchr.passthrough import PassthroughApi, PassthroughResponse
from gateway.flatchr.pool import FlatchrPool
from gateway.flatchr.stats import UpstreamStats
from gateway.flatchr.transport import Observer

__all__ = [
    "Check",
    "ClientOptions",
    "FlatchrClient",
    "FlatchrPool",
    "Observer",
    "PassthroughApi",
    "PassthroughResponse",
    "UpstreamStats",
]
