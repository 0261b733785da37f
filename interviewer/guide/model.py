"""Pydantic model of a topic guide (Kallio et al. 2016): themes, questions, probes, branches."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from interviewer.guide.regex import compile_pattern

FORMAT_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Base for every guide model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ProbeKind(StrEnum):
    """What a follow-up probe does (after Kallio et al. and Rubin & Rubin)."""

    ELABORATION = "elaboration"
    EXAMPLE = "example"
    CLARIFICATION = "clarification"
    FEELING = "feeling"
    MEANING = "meaning"
    CONTRAST = "contrast"
    ECHO = "echo"
    COMPLETION = "completion"
    EVIDENCE = "evidence"


class CoveredAction(StrEnum):
    """What to do with a question whose topics the participant has already covered."""

    ASK = "ask"
    MARK = "mark"
    SKIP = "skip"


def _unset(value: object) -> bool:
    """True for a later-added field left at its default (None or empty): kept out of the content hash."""
    return value is None or value == [] or value == ""


class Scope(StrEnum):
    """What a condition's text test looks at: the latest answer, this question's answers, or all so far."""

    ANSWER = "answer"
    QUESTION = "question"
    INTERVIEW = "interview"


class Condition(Strict):
    """A trigger over an answer: exactly one test, or a combination with all/any/not."""

    always: Literal[True] | None = None
    choice: Literal[True] | None = Field(
        default=None, description="Interviewer's choice: offered, never asked automatically."
    )
    shorter_than: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="The answer has fewer than this many words."
    )
    longer_than: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="The answer has more than this many words."
    )
    mentions_any: list[Text] | None = None
    mentions_none: list[Text] | None = None
    matches: str | None = Field(default=None, description="A regular expression (case-insensitive).")
    not_covered: Id | None = Field(default=None, description="A topic id not yet covered.")
    covered: Id | None = Field(default=None, description="A topic id already covered.")
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    scope: Scope | None = Field(
        default=None,
        exclude_if=_unset,
        description="What the test looks at (default: answer for word counts, question otherwise).",
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("matches")
    @classmethod
    def _re2(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            compile_pattern(pattern)
        return pattern

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        set_fields = [
            name for name in type(self).model_fields if name != "scope" and getattr(self, name) is not None
        ]
        if len(set_fields) != 1:
            if not set_fields:
                raise ValueError("a condition needs exactly one test, found none "
                                 "(e.g. { shorter_than = 15 } or { always = true })")
            keys = ", ".join("not" if f == "not_" else f for f in set_fields)
            raise ValueError(f"a condition needs exactly one test, found {len(set_fields)}: {keys} "
                             "(combine tests with all = [...] or any = [...])")
        if self.scope is not None and (self.always or self.choice):
            raise ValueError(f"scope has no effect on {set_fields[0]} (it applies to tests of what was said)")
        for combo in (self.all, self.any):
            if combo is not None and not combo:
                raise ValueError("all/any needs at least one condition")
        return self


ALWAYS = Condition(always=True)


class Probe(Strict):
    """A pre-designed follow-up probe with its trigger."""

    id: Id
    text: Text
    kind: ProbeKind = ProbeKind.ELABORATION
    when: Condition = ALWAYS
    topic: Id | None = Field(default=None, description="Not asked once this topic is covered.")
    covers: list[Text] = Field(
        default_factory=list,
        exclude_if=_unset,
        description="Words or phrases that show its content was already given: then it is not asked.",
    )
    fallback: Text | None = Field(
        default=None, exclude_if=_unset, description="The text to ask when there is no {match} to quote."
    )
    note: str | None = None


class Branch(Strict):
    """Route to another question or theme (or 'end') when the condition holds."""

    when: Condition
    goto: Id


class Question(Strict):
    """A main question of a theme."""

    id: Id
    text: Text
    alternative: Text | None = None
    note: str | None = None
    required: bool = True
    sensitive: bool = False
    minutes: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    covers: list[Id] = Field(default_factory=list, description="Topic ids this question asks about.")
    if_covered: CoveredAction | None = None
    probe_budget: Annotated[int, Field(ge=0)] | None = None
    probes: list[Probe] = Field(default_factory=list)
    branches: list[Branch] = Field(default_factory=list)


class Theme(Strict):
    """A main theme: an ordered block of questions with an optional time budget."""

    id: Id
    title: Text
    minutes: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    note: str | None = None
    probe_budget: Annotated[int, Field(ge=0)] | None = None
    questions: Annotated[list[Question], Field(min_length=1)]


class Study(Strict):
    """Study metadata, as an ethics committee would expect to see it."""

    id: Id
    title: Text
    version: Text
    authors: list[Text] = Field(default_factory=list)
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    duration_minutes: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    ethics_reference: str | None = None
    description: str | None = None
    eligibility: list[Text] = Field(default_factory=list)
    contact: str | None = Field(default=None, description="How to reach the study team (email, phone).")


class ConsentStatement(Strict):
    """One consent statement, agreed to separately."""

    id: Id
    text: Text
    required: bool = True


class Information(Strict):
    """What a participant reads before and after the interview."""

    sheet: Text
    consent: Annotated[list[ConsentStatement], Field(min_length=1)]
    how_it_works: str | None = None
    closing: str | None = None
    withdrawal: str | None = None


class SupportResource(Strict):
    """Somewhere a distressed participant can turn to."""

    name: Text
    description: str | None = None
    phone: str | None = None
    url: str | None = None
    text: str | None = Field(default=None, description="An SMS or chat number.")
    hours: str | None = None


class Distress(Strict):
    """The distress protocol: phrases that trigger the support step, and its wording."""

    phrases: list[Text] = Field(default_factory=list)
    include_defaults: bool = True
    acknowledgement: str | None = None


class Settings(Strict):
    """Guide-wide defaults for budgets and coverage."""

    probe_budget: Annotated[int, Field(ge=0)] = 2
    theme_probe_budget: Annotated[int, Field(ge=0)] | None = None
    if_covered: CoveredAction = CoveredAction.MARK
    acknowledgements: list[Text] = Field(
        default_factory=list,
        exclude_if=_unset,
        description="Short listening cues said before the next main question, varied, none repeated in a theme.",
    )
    transcription_server: str | None = Field(
        default=None,
        exclude_if=_unset,
        pattern=r"^(https?://\S+)?$",
        description="The research group's transcription server this study allows audio to be sent to "
        "(an OpenAI-compatible URL, used by `--engine server`); unset or empty: audio never leaves "
        "the machine.",
    )
    finished_check_seconds: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 12.0


# Keys added after guides were first hashed; a guide that does not set one keeps its old hash.
_ADDED_WITH_DEFAULTS = ((Study, "study", "contact"), (Settings, "settings", "finished_check_seconds"))


class Guide(Strict):
    """A whole topic guide, as loaded from TOML."""

    format: Literal[1] = FORMAT_VERSION
    study: Study
    information: Information
    support: list[SupportResource] = Field(default_factory=list)
    distress: Distress = Distress()
    settings: Settings = Settings()
    topics: dict[Id, Annotated[list[Text], Field(min_length=1)]] = Field(
        default_factory=dict, description="Topic id to the words and phrases that show it."
    )
    glossary: list[Text] = Field(default_factory=list)
    themes: Annotated[list[Theme], Field(min_length=1)]

    @property
    def content_hash(self) -> str:
        """Return 'sha256:<hex>' of the canonical content (comments and layout do not count).

        Fields added after format 1 was published are left out while unset or at their default, so
        a guide that does not use them keeps the hash its sessions recorded.
        """
        data = self.model_dump(mode="json", by_alias=True)
        for model, section, key in _ADDED_WITH_DEFAULTS:
            if key in data[section] and data[section][key] == model.model_fields[key].default:
                del data[section][key]
        canonical = json.dumps(data, sort_keys=True)
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def consent_hash(self) -> str:
        """Return 'sha256:<hex>' of the information sheet and consent statements."""
        canonical = json.dumps(self.information.model_dump(mode="json"), sort_keys=True)
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    def questions(self) -> list[tuple[Theme, Question]]:
        """Return every (theme, question) pair in guide order."""
        return [(theme, q) for theme in self.themes for q in theme.questions]

    def question(self, question_id: str) -> tuple[Theme, Question]:
        """Return the theme and question with this id (KeyError if absent)."""
        for theme, q in self.questions():
            if q.id == question_id:
                return theme, q
        raise KeyError(question_id)

    def planned_minutes(self) -> float | None:
        """Return the planned length: the study's duration, else the sum of theme budgets."""
        if self.study.duration_minutes is not None:
            return self.study.duration_minutes
        budgets = [t.minutes for t in self.themes]
        return sum(budgets) if all(b is not None for b in budgets) else None
