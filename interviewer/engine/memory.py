"""What the participant has said so far, analysed once per answer, for conditions with a scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from interviewer.engine.matching import Answer, Matcher


class Memory:
    """Every answer of the interview, by question and in order: built from the state's texts once, then kept up."""

    def __init__(self, matcher: Matcher):
        self._matcher = matcher
        self._by_question: dict[str, list[Answer]] = {}
        self._all: list[Answer] = []
        self._stems: set[str] = set()
        self._synced = False

    def add(self, question_id: str, answer: Answer) -> None:
        """Remember one more answer (the engine calls this as each answer arrives)."""
        if self._synced:
            self._remember(question_id, answer)

    def sync(self, answers: Mapping[str, Sequence[str]]) -> None:
        """Analyse every answer of a state the first time it is needed (after a restore or replay)."""
        if self._synced:
            return
        for qid, texts in answers.items():
            for text in texts:
                self._remember(qid, self._matcher.analysed(text))
        self._synced = True

    def _remember(self, question_id: str, answer: Answer) -> None:
        self._by_question.setdefault(question_id, []).append(answer)
        self._all.append(answer)
        self._stems.update(answer.stems)

    def question(self, question_id: str) -> Sequence[Answer]:
        """Return the answers given on one question (main answer and probes), in order."""
        return self._by_question.get(question_id, ())

    def interview(self) -> Sequence[Answer]:
        """Return every answer given so far."""
        return self._all

    def ever_said(self, stems: tuple[str, ...]) -> bool:
        """Return False quickly when a phrase's first word was never said (a cheap pre-check)."""
        return bool(stems) and stems[0] in self._stems
