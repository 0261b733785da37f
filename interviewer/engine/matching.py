"""Robust word and phrase matching: case, punctuation and simple inflections do not matter.

Both the answer and the guide's phrases are cut into word tokens (apostrophes dropped, so
"don't" and "dont" agree), each token is reduced to its Snowball stem ("chatbots" -> "chatbot",
"feeling" -> "feel"), and a phrase matches when its stems appear as a contiguous run in the
answer. Irregular forms ("felt" / "feel") match only when the guide lists both. Each word keeps
its place in the original text, so a match can be quoted as the participant said it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import snowballstemmer

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_WORD = re.compile(r"[^\W_]+")
# A word as written: letters and digits, with apostrophes inside ("don't" is one word, "dont").
_TOKEN = re.compile(r"[^\W_]+(?:['\u2018\u2019\u02bc`\u00b4]+[^\W_]+)*")

# ISO 639-1 codes of the languages Snowball stems; anything else is matched unstemmed.
_STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "fa": "persian",
    "yi": "yiddish",
}


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Return each word of a text as (lower-cased word without apostrophes, start, end in the text)."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group().casefold()
        if not word.isalnum():  # an apostrophe inside, or case folding made a mark: the slow way
            word = "".join(_WORD.findall(_APOSTROPHES.sub("", word)))
            if not word:
                continue
        out.append((word, m.start(), m.end()))
    return out


def words(text: str) -> list[str]:
    """Return the lower-cased word tokens of a text, apostrophes removed."""
    return _WORD.findall(_APOSTROPHES.sub("", text.casefold()))


class Answer:
    """An answer analysed once: its word count and stems, indexed for fast phrase lookup."""

    __slots__ = ("text", "word_count", "stems", "_spans", "_positions")

    def __init__(self, text: str, stems: tuple[str, ...]):
        self.text = text
        self.word_count = len(stems)
        self.stems = stems
        self._spans: tuple[tuple[int, int], ...] | None = None
        positions: dict[str, list[int]] = {}
        for i, stem in enumerate(stems):
            positions.setdefault(stem, []).append(i)
        self._positions = positions

    def find(self, phrase: tuple[str, ...]) -> int | None:
        """Return the word index where the stemmed phrase first occurs as a contiguous run, or None."""
        if not phrase:
            return None
        starts = self._positions.get(phrase[0])
        if starts is None:
            return None
        if len(phrase) == 1:
            return starts[0]
        n = len(phrase)
        return next((i for i in starts if self.stems[i : i + n] == phrase), None)

    def has(self, phrase: tuple[str, ...]) -> bool:
        """Return True when the stemmed phrase occurs as a contiguous run of words."""
        return self.find(phrase) is not None

    def said(self, start: int, length: int) -> str:
        """Return words start..start+length as the participant wrote them (case, inflection, inner punctuation)."""
        if self._spans is None:  # found only when a quote is wanted: most answers never need it
            found = tokens(self.text)
            self._spans = tuple((a, b) for _, a, b in found) if len(found) == len(self.stems) else ()
        if not self._spans:  # a text whose words case folding splits differently: quote the stems
            return " ".join(self.stems[start : start + length])
        return self.text[self._spans[start][0] : self._spans[start + length - 1][1]]


class Matcher:
    """Stems words for one language, caching stems and the guide's phrases."""

    def __init__(self, language: str = "en"):
        algorithm = _STEMMERS.get(language.split("-")[0].lower())
        self._stemmer = snowballstemmer.stemmer(algorithm) if algorithm else None
        self._stems: dict[str, str] = {}
        self._phrases: dict[str, tuple[str, ...]] = {}
        self._last: Answer | None = None

    def stem(self, word: str) -> str:
        """Return the stem of one lower-case word (cached)."""
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word) if self._stemmer else word
            self._stems[word] = stem
        return stem

    def phrase(self, phrase: str) -> tuple[str, ...]:
        """Return a guide phrase as its stem sequence (cached)."""
        stems = self._phrases.get(phrase)
        if stems is None:
            stems = tuple(self.stem(w) for w in words(phrase))
            self._phrases[phrase] = stems
        return stems

    def analyse(self, text: str) -> Answer:
        """Analyse an answer text for matching (the latest one is kept: it is asked for repeatedly)."""
        if self._last is None or self._last.text != text:
            self._last = self.analysed(text)
        return self._last

    def analysed(self, text: str) -> Answer:
        """Return a new analysis of a text (its stems; where each word stands is found when quoted)."""
        return Answer(text, tuple(self.stem(word) for word in words(text)))

    def first_match(self, answer: Answer, phrases: Iterable[str]) -> str | None:
        """Return the first phrase (as written in the guide) that the answer mentions."""
        for phrase in phrases:
            if answer.has(self.phrase(phrase)):
                return phrase
        return None

    def first_said(self, answers: Iterable[Answer], phrases: Iterable[str]) -> tuple[str, str] | None:
        """Return (phrase as in the guide, words as said) for the first phrase any of the answers mentions.

        Phrases are tried in guide order; the quote is the phrase's first occurrence, answers in order.
        """
        answers = tuple(answers)
        for phrase in phrases:
            stems = self.phrase(phrase)
            for answer in answers:
                at = answer.find(stems)
                if at is not None:
                    return phrase, answer.said(at, len(stems))
        return None
