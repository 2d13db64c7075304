"""publishing.toml: the shipped file loads and says it is a placeholder; a broken one is an
error naming the file and the key, never a guess."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import pytest

from kg.errors import KGError, PublishingConfigError
from kg.publishing_config import CC_BY_4, DATA_THEMES, PUBLISHER_TYPES, load_publishing
from kg.settings import Settings
from tests.conftest import PROJECT_DIR

SHIPPED = PROJECT_DIR / "publishing.toml"


def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "publishing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def without_line(text: str, start: str) -> str:
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, f"exactly one line should start with {start!r}"
    return "".join(kept)


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_settings_name_the_shipped_file(settings: Settings) -> None:
    assert settings.publishing_file == SHIPPED


def test_the_shipped_file_loads_with_texts_in_swedish_and_english() -> None:
    config = load_publishing(SHIPPED)
    for texts in (
        config.catalog_title,
        config.catalog_description,
        config.dataset_title,
        config.dataset_description,
    ):
        assert texts.sv != texts.en
    assert set(config.keywords) == {"sv", "en"}
    assert all(config.keywords.values())
    assert set(config.themes) <= set(DATA_THEMES)
    assert config.license == CC_BY_4
    assert config.publisher.type in PUBLISHER_TYPES
    assert config.publisher.org_number is None  # never made up
    assert config.issued is None  # not published yet: no issue date to state


def test_the_shipped_publisher_and_contact_are_flagged_as_placeholders() -> None:
    text = shipped_text()
    assert "PLACEHOLDER" in text
    assert load_publishing(SHIPPED).placeholders() == ["publisher.iri", "contact.email"]


@pytest.mark.parametrize(
    ("iri", "placeholder"),
    [
        ("https://example.org/lsk/id/publisher", True),
        ("https://data.example.com/x", True),
        ("http://example.net", True),
        ("https://publisher.example/", True),
        ("https://opendata.test/", True),
        ("https://data.kommun.se/", False),
        ("https://notexample.org/", False),
    ],
)
def test_reserved_example_domains_mark_a_placeholder(
    tmp_path: Path, iri: str, placeholder: bool
) -> None:
    text = replaced(
        shipped_text(), 'iri = "https://example.org/lsk/id/publisher"', f'iri = "{iri}"'
    )
    config = load_publishing(written(tmp_path, text))
    assert ("publisher.iri" in config.placeholders()) is placeholder


def test_optional_values_are_read_when_given(tmp_path: Path) -> None:
    text = replaced(shipped_text(), "# issued = 2026-06-01", "issued = 2026-06-01")
    text = replaced(text, '# org_number = "0000000000"', 'org_number = "000000-0000"')
    config = load_publishing(written(tmp_path, text))
    assert config.issued == datetime.date(2026, 6, 1)
    assert config.publisher.org_number == "0000000000"


def test_the_licence_defaults_to_cc_by_4(tmp_path: Path) -> None:
    text = without_line(shipped_text(), "license = ")
    assert load_publishing(written(tmp_path, text)).license == CC_BY_4


@pytest.mark.parametrize(
    ("start", "key"),
    [
        ('title.sv = "Öppna', "catalog.title.sv"),
        ('name = "Exempel', "publisher.name"),
        ("email = ", "contact.email"),
        ("themes = ", "dataset.themes"),
        ("type = ", "publisher.type"),
    ],
)
def test_a_missing_key_is_named_with_the_file(tmp_path: Path, start: str, key: str) -> None:
    path = written(tmp_path, without_line(shipped_text(), start))
    with pytest.raises(PublishingConfigError) as raised:
        load_publishing(path)
    assert raised.value.key == key
    assert str(path) in raised.value.message
    assert key in raised.value.message
    assert isinstance(raised.value, KGError)


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        (
            'themes = ["GOVE", "REGI", "HEAL", "TECH"]',
            'themes = ["GOVE", "LIFE"]',
            "dataset.themes",
            "'LIFE'",
        ),
        ('email = "kontakt@example.org"', 'email = "kontakt"', "contact.email", "e-mail"),
        ('type = "NonProfitOrganisation"', 'type = "Charity"', "publisher.type", "'Charity'"),
        (
            'license = "http://creativecommons.org/licenses/by/4.0/"',
            'license = "https://creativecommons.org/licenses/by/4.0"',
            "dataset.license",
            "trailing slash",
        ),
        (
            'iri = "https://example.org/lsk/id/publisher"',
            'iri = "publisher"',
            "publisher.iri",
            "absolute",
        ),
        ("# issued = 2026-06-01", 'issued = "in June"', "dataset.issued", "date"),
        ('# org_number = "0000000000"', "org_number = 1234", "publisher.org_number", "ten digits"),
        (
            "keywords.sv = [",
            'keywords.sv = "life science"\nunused = [',
            "dataset.keywords.sv",
            "list",
        ),
    ],
)
def test_a_bad_value_is_named_with_the_file_and_key(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    path = written(tmp_path, replaced(shipped_text(), old, new))
    with pytest.raises(PublishingConfigError) as raised:
        load_publishing(path)
    assert raised.value.key == key
    assert raised.value.message.startswith(f"{path}: {key}: ")
    assert words in raised.value.message + (raised.value.hint or "")


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    text = replaced(shipped_text(), "\n[contact]\n", "\n[contact\n")
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    path = written(tmp_path, text)
    with pytest.raises(PublishingConfigError) as raised:
        load_publishing(path)
    assert raised.value.key is None
    assert str(path) in raised.value.message
    assert "line" in raised.value.message


def test_a_missing_file_says_where_to_point(tmp_path: Path) -> None:
    with pytest.raises(PublishingConfigError) as raised:
        load_publishing(tmp_path / "nowhere.toml")
    assert "nowhere.toml" in raised.value.message
    assert "KG_PUBLISHING" in (raised.value.hint or "")
