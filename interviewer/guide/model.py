"""Pydantic model of a topic guide (Kallio et al. 2016): themes, questions, probes, branches."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

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

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        set_fields = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(set_fields) != 1:
            if not set_fields:
                raise ValueError("a condition needs exactly one test, found none "
                                 "(e.g. { shorter_than = 15 } or { always = true })")
            keys = ", ".join("not" if f == "not_" else f for f in set_fields)
            raise ValueError(f"a condition needs exactly one test, found {len(set_fields)}: {keys} "
                             "(combine tests with all = [...] or any = [...])")
        if self.matches is not None:
            import re

            try:
                re.compile(self.matches)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {self.matches!r}: {exc}") from None
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
        """Return 'sha256:<hex>' of the canonical content (comments and layout do not count)."""
        data = self.model_dump(mode="json", by_alias=True)
        for model, section, key in _ADDED_WITH_DEFAULTS:  # at their default: hashed as before they existed
            if data[section].get(key) == model.model_fields[key].default:
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
