"""`flatchr-sim`: serve a seeded Flatchr simulator, or print its companies and keys."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import uvicorn

from simulator.app import create_app
from simulator.data import generate_world


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flatchr-sim",
        description="A local Flatchr (api + careers hosts) with deterministic seeded data.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--companies", type=int, default=3)
    parser.add_argument("--vacancies", type=int, default=12, help="vacancies of the first company")
    parser.add_argument(
        "--applicants", type=int, default=120, help="applicants of the first company"
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every request")
    parser.add_argument(
        "--print-companies", action="store_true", help="print slug, company id and API key; exit"
    )
    parser.add_argument("--log-level", default="info")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.companies < 1 or args.vacancies < 1 or args.applicants < 0:
        print("flatchr-sim: need at least one company and one vacancy", file=sys.stderr)
        return 2
    started = time.perf_counter()
    world = generate_world(args.seed, args.companies, args.vacancies, args.applicants)
    elapsed = time.perf_counter() - started
    if args.print_companies:
        print("slug\tcompany_id\tapi_key")
        for company in world.companies:
            print(f"{company.slug}\t{company.hashid}\t{company.api_key}")
        return 0
    total = sum(len(c.applicants) for c in world.companies)
    print(
        f"flatchr-sim: generated {len(world.companies)} companies, "
        f"{sum(len(c.vacancies) for c in world.companies)} vacancies, {total} applicants "
        f"(seed {args.seed}) in {elapsed:.2f} s"
    )
    base = f"http://{args.host}:{args.port}"
    print(
        f"flatchr-sim: listening on {base} (api) and {base}/careers (careers); hooks at {base}/_sim"
    )
    for company in world.companies:
        print(f"  {company.slug:<10} company_id={company.hashid}  api_key={company.api_key}")
    sys.stdout.flush()
    app = create_app(world, latency_ms=args.latency_ms)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, ws="none")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
