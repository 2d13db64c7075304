"""How long the reliability suite runs: its quick form in `make test`, its long form in
`make soak` (KG_SOAK=1). Every duration, client count and example count of the suite comes
from `budget`, so one switch decides how hard the suite pushes."""

from __future__ import annotations

import os

SOAK = os.environ.get("KG_SOAK") == "1"


def budget(quick: int | float, soak: int | float) -> float:
    """`soak` under `make soak`, else `quick`."""
    return float(soak if SOAK else quick)


def examples(quick: int, soak: int) -> int:
    """A hypothesis example count: `soak` under `make soak`, else `quick`."""
    return soak if SOAK else quick
