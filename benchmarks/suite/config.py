"""What a run measures: its sizes, sections, repeats and durations, full or quick."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SECTIONS = ("load", "queries", "virtuoso", "throughput", "shacl")
FULL_SIZES = (100_000, 1_000_000)
QUICK_SIZES = (20_000,)
# Above this many triples only the load is measured (10M is named on purpose, with --sizes):
# serving, wrk and rdflib at that size would take the run past hours on a small machine.
LOAD_ONLY_ABOVE = 2_000_000


@dataclass(frozen=True)
class BenchConfig:
    """One run's choices; `quick()` and `full()` give the two presets."""

    sizes: tuple[int, ...]
    sections: tuple[str, ...]
    out: Path
    repeats: int  # latency samples per question and way
    load_repeats: int
    clients: tuple[int, ...]
    wrk_seconds: int
    rdflib_query_timeout: float
    rdflib_parse_timeout: float
    quick: bool
    shipped: bool = True  # also measure the shipped data/ as a size point

    @classmethod
    def preset(
        cls,
        *,
        quick: bool,
        out: Path,
        sizes: tuple[int, ...] | None = None,
        sections: tuple[str, ...] | None = None,
        repeats: int | None = None,
    ) -> BenchConfig:
        """The quick or full preset, with any of sizes, sections and repeats given instead."""
        unknown = set(sections or ()) - set(SECTIONS)
        if unknown:
            raise ValueError(
                f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}"
            )
        if repeats is not None and repeats < 1:
            raise ValueError("repeats must be at least 1")
        return cls(
            sizes=sizes or (QUICK_SIZES if quick else FULL_SIZES),
            sections=sections or SECTIONS,
            out=out,
            repeats=repeats or (10 if quick else 50),
            load_repeats=min(repeats or 3, 2 if quick else 3),
            clients=(1, 8, 32) if quick else (1, 8, 32, 64),
            wrk_seconds=3 if quick else 15,
            rdflib_query_timeout=20.0 if quick else 120.0,
            rdflib_parse_timeout=300.0 if quick else 1800.0,
            quick=quick,
        )

    def measures(self, section: str) -> bool:
        return section in self.sections
