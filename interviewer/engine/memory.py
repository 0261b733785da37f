"""What the participant has said so far, analysed once per answer, for conditions with a scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from interviewer.engine.matching import Answer, Matcher


class Memory:
    """Every answer of the interview, by question and in order; a cache rebuilt from the state's texts."""

    def __init__(self, matcher: Matcher):
        self._matcher = matcher
        self._by_question: dict[str, list[Answer]] = {}
        self._all: list[Answer] = []
        self._stems: set[str] = set()
        self._seen = 0

    def sync(self, answers: Mapping[str, Sequence[str]]) -> None:
        """Analyse the answers not seen yet (answers are only ever appended)."""
        total = sum(len(texts) for texts in answers.values())
        if total == self._seen:
            return
        for qid, texts in answers.items():
            have = self._by_question.setdefault(qid, [])
            for text in texts[len(have) :]:
                answer = self._matcher.analysed(text)
                have.append(answer)
                self._all.append(answer)
                self._stems.update(answer.stems)
        self._seen = total

    def question(self, question_id: str) -> Sequence[Answer]:
        """Return the answers given on one question (main answer and probes), in order."""
        return self._by_question.get(question_id, ())

    def interview(self) -> Sequence[Answer]:
        """Return every answer given so far."""
        return self._all

    def ever_said(self, stems: tuple[str, ...]) -> bool:
        """Return False quickly when a phrase's first word was never said (a cheap pre-check)."""
        return bool(stems) and stems[0] in self._stems
