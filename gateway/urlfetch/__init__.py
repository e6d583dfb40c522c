"""Safe fetching of caller-given URLs (attachment `dataUrl`s): SSRF rules, size cap, deadline.

Imports httpx and the error tree only; knows nothing of Flatchr.
"""

from gateway.urlfetch.addresses import Resolver, refusal, system_resolver
from gateway.urlfetch.fetch import FetchedFile, FetchRefused, fetch_attachment

__all__ = [
    "FetchRefused",
    "FetchedFile",
    "Resolver",
    "fetch_attachment",
    "refusal",
    "system_resolver",
]
