"""Words for searching Swedish (and English) text: split, fold, stem.

A word is a run of letters and digits; hyphens, spaces and punctuation split words, so the
parts of a hyphenated compound ("life science-strategin") are words of their own. Each word
keeps its place in the original text, so a match can be shown in the text as written.

Matching compares folded forms: lower case, and diacritics removed (å, ä → a; ö → o; é → e),
so that "valkomnar" finds "välkomnar". Stems come from the Snowball Swedish stemmer, applied
to the lower-case word (it needs å, ä and ö to find Swedish endings) and folded afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("swedish")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text: where it stands (`start`, `end`), its folded form and folded stem."""

    start: int
    end: int
    folded: str
    stem: str


def fold(text: str) -> str:
    """Lower case without diacritics: "Välkomnar" → "valkomnar"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The folded Snowball Swedish stem of `word` (any case, with or without diacritics)."""
    return fold(_STEMMER.stemWord(word.casefold()))


@lru_cache(maxsize=65_536)
def _forms(word: str) -> tuple[str, str]:
    return fold(word), stem(word)


def words(text: str) -> list[Word]:
    """The words of `text`, in order, each with its place in `text`."""
    return [Word(m.start(), m.end(), *_forms(m.group())) for m in _WORD.finditer(text)]
