"""The initial prompt: the question being answered and the guide's glossary, kept short."""

from __future__ import annotations

from collections.abc import Iterable

# Whisper keeps at most 223 prompt tokens (n_text_ctx // 2 - 1) and drops the oldest; at about
# four characters a token, 600 characters leaves room to spare for names and jargon.
MAX_PROMPT_CHARS = 600
MAX_QUESTION_CHARS = 250


def _clip_words(text: str, limit: int) -> str:
    """Cut text at a word boundary to at most `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def build_prompt(
    glossary: Iterable[str] | None = None, question: str | None = None, max_chars: int = MAX_PROMPT_CHARS
) -> str:
    """Join the question and the glossary terms into one prompt of at most `max_chars` characters.

    The glossary comes last, because Whisper drops the start of an over-long prompt and the
    spelling of terms matters more than the question's wording. Duplicates are dropped.
    """
    parts: list[str] = []
    used = 0
    if question and question.strip():
        q = _clip_words(question, min(MAX_QUESTION_CHARS, max_chars))
        parts.append(q)
        used = len(q)
    terms: list[str] = []
    seen: set[str] = set()
    for term in glossary or ():
        term = " ".join(str(term).split())
        if not term or term.lower() in seen:
            continue
        extra = len(term) + 2 + (len("Glossary: ") if not terms else 0)
        if used + extra + 1 > max_chars:
            break
        terms.append(term)
        seen.add(term.lower())
        used += extra
    if terms:
        parts.append("Glossary: " + ", ".join(terms) + ".")
    return " ".join(parts)
