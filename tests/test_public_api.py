"""The library's public surface is what `kg.__all__` says, and nothing leaks by accident."""

from __future__ import annotations

import kg


def test_public_names_are_pinned() -> None:
    assert set(kg.__all__) == {
        "DEFAULT_BASE_IRI",
        "Engine",
        "ConfigError",
        "InputError",
        "KGError",
        "Namespaces",
        "QuoteProblem",
        "RdfSyntaxError",
        "Settings",
        "Severity",
        "ValidationReport",
        "ValidationResult",
        "check_quotes",
        "normalise",
        "validate",
    }
    for name in kg.__all__:
        assert getattr(kg, name) is not None


def test_every_library_error_is_a_kg_error() -> None:
    for error in (kg.ConfigError, kg.InputError, kg.RdfSyntaxError):
        assert issubclass(error, kg.KGError)
