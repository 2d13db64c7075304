"""The publisher's catalogue metadata: `publishing.toml`, read once into a frozen value.

`kg catalog` turns it into the DCAT-AP-SE catalogue. Every text is given in Swedish and in
English. A malformed file or a missing key is a `PublishingConfigError` naming the file and the
key; nothing is guessed. The shipped file describes a placeholder publisher under reserved
example domains, and `placeholders()` says which values still do, so the CLI can warn.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.errors import PublishingConfigError

LANGUAGES = ("sv", "en")

CC_BY_4 = "http://creativecommons.org/licenses/by/4.0/"
"""CC BY 4.0 as DCAT-AP-SE writes it: http, with the trailing slash (docs.dataportal.se)."""

# The EU data-theme vocabulary (publications.europa.eu/resource/authority/data-theme), with the
# labels DCAT-AP-SE 3.0.1 gives them; the catalogue states them because the DCAT-AP shapes want
# every skos:Concept it uses to carry a skos:prefLabel.
DATA_THEMES: Mapping[str, tuple[str, str]] = {
    "AGRI": (
        "Jordbruk, fiske, skogsbruk och livsmedel",
        "Agriculture, fisheries, forestry and food",
    ),
    "ECON": ("Ekonomi och finans", "Economy and finance"),
    "EDUC": ("Utbildning, kultur och sport", "Education, culture and sport"),
    "ENER": ("Energi", "Energy"),
    "ENVI": ("Miljö", "Environment"),
    "GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
    "HEAL": ("Hälsa", "Health"),
    "INTR": ("Internationella frågor", "International issues"),
    "JUST": (
        "Rättvisa, rättsliga system och allmän säkerhet",
        "Justice, legal system and public safety",
    ),
    "SOCI": ("Befolkning och samhälle", "Population and society"),
    "REGI": ("Regioner och städer", "Regions and cities"),
    "TECH": ("Vetenskap och teknik", "Science and technology"),
    "TRAN": ("Transport", "Transport"),
}

# The ADMS publisher types (purl.org/adms/publishertype), labelled as in DCAT-AP-SE 3.0.1,
# which makes a publisher's type mandatory.
PUBLISHER_TYPES: Mapping[str, tuple[str, str]] = {
    "Academia-ScientificOrganisation": (
        "Akademia/Vetenskaplig organisation",
        "Academia/Scientific organisation",
    ),
    "Company": ("Företag", "Company"),
    "IndustryConsortium": ("Industrikonsortium", "Industry consortium"),
    "LocalAuthority": ("Lokal myndighet/kommun", "Local Authority"),
    "NationalAuthority": ("Nationell myndighet", "National authority"),
    "NonGovernmentalOrganisation": ("Icke-statlig organisation", "Non-Governmental Organisation"),
    "NonProfitOrganisation": ("Ej vinstdrivande organisation", "Non-Profit Organisation"),
    "PrivateIndividual(s)": ("Privatperson(er)", "Private Individual(s)"),
    "RegionalAuthority": ("Regional myndighet/landsting", "Regional authority"),
    "StandardisationBody": ("Standardiseringsorganisation", "Standardisation body"),
    "SupraNationalAuthority": ("Över-/mellanstatlig myndighet", "Supra-national authority"),
}

# RFC 2606 / RFC 6761 names that can never belong to a real publisher.
_RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_RESERVED_TLDS = (".example", ".test", ".invalid", ".localhost")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_ORG_NUMBER = re.compile(r"^\d{10}$")


@dataclass(frozen=True)
class Texts:
    """One text in Swedish and in English."""

    sv: str
    en: str


@dataclass(frozen=True)
class Publisher:
    """The organisation responsible for the data (dcterms:publisher, a foaf:Agent)."""

    name: str
    iri: str
    type: str
    org_number: str | None = None
    homepage: str | None = None


@dataclass(frozen=True)
class ContactPoint:
    """Where users report errors and ask questions (dcat:contactPoint, a vcard:Kind)."""

    name: str
    email: str


@dataclass(frozen=True, kw_only=True)
class PublishingConfig:
    """Everything in publishing.toml, checked; `path` is where it was read from."""

    path: Path
    catalog_title: Texts
    catalog_description: Texts
    dataset_title: Texts
    dataset_description: Texts
    keywords: Mapping[str, tuple[str, ...]]
    themes: tuple[str, ...]
    license: str
    publisher: Publisher
    contact: ContactPoint
    issued: datetime.date | None = None
    homepage: str | None = None
    landing_page: str | None = None

    def placeholders(self) -> list[str]:
        """The keys whose values still use a reserved example domain (so are not real)."""
        candidates = {
            "publisher.iri": self.publisher.iri,
            "publisher.homepage": self.publisher.homepage,
            "contact.email": "mailto:" + self.contact.email,
            "catalog.homepage": self.homepage,
            "dataset.landing_page": self.landing_page,
        }
        return [key for key, value in candidates.items() if value and _is_example(value)]


def load_publishing(path: Path) -> PublishingConfig:
    """Read and check publishing.toml; raise PublishingConfigError naming the file and key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PublishingConfigError(
            "the publisher's catalogue metadata file does not exist",
            path=path,
            key=None,
            hint="Create it from the project's publishing.toml, or point KG_PUBLISHING at it.",
        ) from None
    except OSError as error:
        raise PublishingConfigError(
            f"cannot be read ({error.strerror})", path=path, key=None
        ) from None
    except UnicodeDecodeError:
        raise PublishingConfigError("is not UTF-8 text", path=path, key=None) from None
    except tomllib.TOMLDecodeError as error:
        raise PublishingConfigError(
            f"is not valid TOML: {error}",
            path=path,
            key=None,
            hint="Fix the syntax at that line; see https://toml.io for the format.",
        ) from None
    return _Reader(path, raw).config()


class _Reader:
    """Takes keys out of the parsed TOML, each error naming the file and the dotted key."""

    def __init__(self, path: Path, raw: dict[str, Any]) -> None:
        self._path = path
        self._raw = raw

    def config(self) -> PublishingConfig:
        return PublishingConfig(
            path=self._path,
            catalog_title=self._texts("catalog.title"),
            catalog_description=self._texts("catalog.description"),
            dataset_title=self._texts("dataset.title"),
            dataset_description=self._texts("dataset.description"),
            keywords={lang: self._keywords(f"dataset.keywords.{lang}") for lang in LANGUAGES},
            themes=self._themes("dataset.themes"),
            license=self._license("dataset.license"),
            publisher=Publisher(
                name=self._text("publisher.name"),
                iri=self._iri("publisher.iri"),
                type=self._choice("publisher.type", PUBLISHER_TYPES),
                org_number=self._org_number("publisher.org_number"),
                homepage=self._optional_iri("publisher.homepage"),
            ),
            contact=ContactPoint(
                name=self._text("contact.name"), email=self._email("contact.email")
            ),
            issued=self._date("dataset.issued"),
            homepage=self._optional_iri("catalog.homepage"),
            landing_page=self._optional_iri("dataset.landing_page"),
        )

    def _fail(self, key: str, problem: str, hint: str | None = None) -> PublishingConfigError:
        return PublishingConfigError(problem, path=self._path, key=key, hint=hint)

    def _get(self, key: str, *, required: bool = True) -> Any:
        node: Any = self._raw
        for part in key.split("."):
            if not isinstance(node, dict):
                raise self._fail(key, f"{part!r} is inside a value that is not a table")
            if part not in node:
                if required:
                    raise self._fail(key, "is missing", hint=f"Add {key} = … to the file.")
                return None
            node = node[part]
        return node

    def _text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "must be a non-empty string")
        return value.strip()

    def _texts(self, key: str) -> Texts:
        return Texts(sv=self._text(f"{key}.sv"), en=self._text(f"{key}.en"))

    def _keywords(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise self._fail(key, "must be a non-empty list of non-empty strings")
        return tuple(v.strip() for v in value)

    def _themes(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not value:
            raise self._fail(key, "must be a non-empty list of EU data-theme codes")
        unknown = [v for v in value if v not in DATA_THEMES]
        if unknown:
            raise self._fail(
                key,
                f"{', '.join(map(repr, unknown))} is not an EU data-theme code",
                hint="Use codes of the EU data-theme vocabulary: " + ", ".join(DATA_THEMES),
            )
        return tuple(dict.fromkeys(value))

    def _choice(self, key: str, choices: Mapping[str, object]) -> str:
        value = self._text(key)
        if value not in choices:
            raise self._fail(
                key, f"{value!r} is not one of the allowed values", hint=", ".join(choices)
            )
        return value

    def _iri(self, key: str) -> str:
        value = self._optional_iri(key, required=True)
        assert value is not None  # _get raised for a missing required key
        return value

    def _optional_iri(self, key: str, *, required: bool = False) -> str | None:
        value = self._get(key, required=required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._fail(key, f"must be an absolute http(s) IRI, not {value!r}")
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise self._fail(key, f"must be an absolute http(s) IRI, not {value!r}")
        if any(c in value for c in ' <>"{}|\\^`'):
            raise self._fail(key, f"{value!r} contains characters an IRI may not hold")
        return value

    def _license(self, key: str) -> str:
        value = self._optional_iri(key)
        if value is None:
            return CC_BY_4
        parts = urlsplit(value)
        if parts.netloc == "creativecommons.org" and (
            parts.scheme != "http" or not value.endswith("/")
        ):
            canonical = f"http://creativecommons.org{parts.path.rstrip('/')}/"
            raise self._fail(
                key,
                f"{value!r} is not how Sveriges dataportal writes a Creative Commons licence",
                hint=f"DCAT-AP-SE asks for http and a trailing slash: {canonical}",
            )
        return value

    def _email(self, key: str) -> str:
        value = self._text(key)
        value = value.removeprefix("mailto:")
        if not _EMAIL.match(value):
            raise self._fail(key, f"{value!r} is not an e-mail address")
        return value

    def _org_number(self, key: str) -> str | None:
        value = self._get(key, required=False)
        if value is None:
            return None
        if not isinstance(value, str) or not _ORG_NUMBER.match(value.replace("-", "")):
            raise self._fail(
                key,
                "must be a Swedish organisation number as a string of ten digits",
                hint='For example org_number = "2120000142"; leave it out if there is none.',
            )
        return value.replace("-", "")

    def _date(self, key: str) -> datetime.date | None:
        value = self._get(key, required=False)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        raise self._fail(key, f"must be a date such as 2026-05-04, not {value!r}")


def _is_example(iri: str) -> bool:
    host = (urlsplit(iri).hostname or "") if not iri.startswith("mailto:") else iri.split("@")[-1]
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in _RESERVED_DOMAINS) or host.endswith(
        _RESERVED_TLDS
    )
