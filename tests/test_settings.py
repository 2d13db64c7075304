"""Settings come from the environment once, are checked, and are passed in explicitly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.namespaces import DEFAULT_BASE_IRI
from kg.settings import Settings


def test_defaults_use_the_project_base_iri_and_working_directory() -> None:
    settings = Settings.from_env({})
    assert settings.base_iri == DEFAULT_BASE_IRI
    assert settings.project_dir == Path.cwd()
    assert settings.data_dir == Path.cwd() / "data"


def test_environment_overrides(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "KG_BASE_IRI": "https://data.example.se/ls/",
            "KG_PROJECT_DIR": str(tmp_path),
            "KG_SOURCES_DIR": str(tmp_path / "texts"),
        }
    )
    assert settings.namespaces.term("actor", "x") == "https://data.example.se/ls/id/actor/x"
    assert settings.shapes_dir == tmp_path / "shapes"
    assert settings.sources_dir == tmp_path / "texts"


@pytest.mark.parametrize(
    "bad", ["example.org/x/", "ftp://example.org/x/", "https://example.org/x", ""]
)
def test_malformed_base_iri_is_refused(bad: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings(base_iri=bad)
    assert caught.value.setting == "KG_BASE_IRI"


def test_compact_uses_the_longest_matching_namespace() -> None:
    namespaces = Settings().namespaces
    assert namespaces.compact(DEFAULT_BASE_IRI + "id/stance-type/welcomes") == "stype:welcomes"
    assert namespaces.compact("http://example.com/other") == "<http://example.com/other>"


def test_publishing_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "KG_PROJECT_DIR": str(tmp_path),
            "KG_PUBLISH_DIR": str(tmp_path / "site"),
            "KG_SERVICE_ALLOW": "https://a.example/sparql, http://b.example/q",
        }
    )
    assert settings.publish_dir == tmp_path / "site"
    assert settings.publishing_file == tmp_path / "publishing.toml"
    assert settings.service_allowlist == ("https://a.example/sparql", "http://b.example/q")
    assert Settings.from_env({}).service_allowlist == ()


def test_service_allowlist_takes_only_absolute_http_urls() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"KG_SERVICE_ALLOW": "file:///etc/passwd"})
    assert caught.value.setting == "KG_SERVICE_ALLOW"


class _Recording(dict[str, str]):
    """An environment that remembers which variables were asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.asked.add(key)
        return super().get(key, default)


def test_every_setting_read_from_the_environment_is_documented_in_the_readme() -> None:
    environment = _Recording()
    Settings.from_env(environment)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert environment.asked, "from_env read no variables through get()"
    undocumented = sorted(v for v in environment.asked if f"`{v}`" not in readme)
    assert not undocumented, f"README's settings table lacks {undocumented}"
