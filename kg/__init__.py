"""kg: the knowledge graph of the Stockholm–Uppsala life-science strategy consultation.

The library does the work; `kg.cli` is a thin shell over it.
"""

from kg.errors import ConfigError, InputError, KGError, RdfSyntaxError
from kg.namespaces import DEFAULT_BASE_IRI, Namespaces
from kg.quotes import QuoteProblem, check_quotes, normalise
from kg.settings import Settings
from kg.validation import Engine, Severity, ValidationReport, ValidationResult, validate

__all__ = [
    "DEFAULT_BASE_IRI",
    "ConfigError",
    "Engine",
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
]
