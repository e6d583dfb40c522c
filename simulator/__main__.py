"""`python -m simulator` is `flatchr-sim`."""

from simulator.cli import main

raise SystemExit(main())
