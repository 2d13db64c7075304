"""The report's own words: the same templates in both languages, numbers in the right form."""

from __future__ import annotations

import string

from api.report.words import WORDS, Words


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_every_template_with_the_same_fields() -> None:
    assert set(WORDS["sv"]) == set(WORDS["en"])
    for key in WORDS["sv"]:
        assert fields(WORDS["sv"][key]) == fields(WORDS["en"][key]), key


def test_counts_take_the_singular_for_one() -> None:
    sv, en = Words("sv"), Words("en")
    assert sv.count(1, "actors") == "en aktör"
    assert sv.count(3, "actors") == "3 aktörer"
    assert en.count(1, "stances") == "one stance"
    assert en.answers_summary(1, 22, 1) == "One answering document; 22 stances by one actor."
    assert sv.answers_summary(2, 36, 5) == "2 svarsdokument; 36 ställningstaganden av 5 aktörer."
