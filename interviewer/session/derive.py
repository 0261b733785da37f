"""Derive the SessionView (metadata and turns) from journal events: a pure fold over the log."""

from __future__ import annotations

from collections.abc import Iterable

from interviewer.errors import SessionError
from interviewer.events import (
    AnswerDraft,
    AnswerEvent,
    BranchEvent,
    ConsentGiven,
    CorrectionEvent,
    CoverageEvent,
    DistressEvent,
    DropEvent,
    GapEvent,
    NoteEvent,
    PauseEvent,
    PromptEvent,
    RatingEvent,
    RecordingSegmentEvent,
    SegmentSpeakerEvent,
    SessionEnded,
    SessionStarted,
    SkipEvent,
    SpeakerLabelEvent,
    SupportChoice,
    TakeEnded,
    TakeStarted,
    PREAMBLE_ID,
    TranscriptEvent,
    TurnCheckedEvent,
)
from interviewer.guide.model import Guide
from interviewer.session.speakers import apply_speaker_fixes, participant_text
from interviewer.session.takes import end_take, settle, start_take, transcribe_take
from interviewer.session.timeline import attach_stream_segments, attach_utterances, recording_origin
from interviewer.session.view import Consent, Correction, SessionMeta, SessionView, Turn

# Events kept as they are, by the SessionView list they go to.
_LISTS = {
    NoteEvent: "notes",
    SkipEvent: "skips",
    DistressEvent: "distress",
    RatingEvent: "ratings",
    RecordingSegmentEvent: "recording",
    GapEvent: "gaps",
    PauseEvent: "pauses",
    BranchEvent: "branches",
    DropEvent: "drops",
    SupportChoice: "support_choices",
}


class ViewBuilder:
    """Folds events one at a time; `view()` returns the SessionView so far."""

    def __init__(self, guide: Guide | None = None):
        self.guide = guide
        self.started: SessionStarted | None = None
        self.ended: SessionEnded | None = None
        self.consent: Consent | None = None
        self.turns: dict[int, Turn] = {}
        self.lists: dict[str, list] = {name: [] for name in _LISTS.values()}
        self.speaker_labels: dict[str, str] = {}
        self.speaker_fixes: list[SegmentSpeakerEvent] = []  # in journal order: the latest wins
        self.preamble_corrections, self.preamble_checked = [], False  # prompt id 0, before the first prompt
        self.streams: dict[str | tuple[str, int], TranscriptEvent] = {}  # by file (and utterance)
        self.utterances: dict[int, dict[int, TranscriptEvent]] = {}  # live text by prompt, utterance
        self.last_transcript: TranscriptEvent | None = None
        self.finals: set[int | str] = set()  # prompts and recording files with a final transcript
        self.last_seq = 0
        self.duration = 0.0
        self.problems: list[str] = []

    def add(self, event) -> None:
        """Fold one event into the state."""
        self.last_seq = max(self.last_seq, event.seq or 0)
        # Nothing appended after the end (transcripts, corrections) is interview time.
        if self.ended is None:
            self.duration = max(self.duration, event.elapsed)
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)
        elif type(event) in _LISTS:
            self.lists[_LISTS[type(event)]].append(event)

    def extend(self, events: Iterable) -> ViewBuilder:
        """Fold many events; return self."""
        for event in events:
            self.add(event)
        return self

    def turn_for(self, prompt_id: int, what: str) -> Turn | None:
        """Return the turn of a prompt, noting a problem when no such prompt was asked."""
        turn = self.turns.get(prompt_id)
        if turn is None:
            self.problems.append(f"{what} for prompt {prompt_id}, which was never asked (ignored)")
        return turn

    def view(self) -> SessionView:
        """Build the SessionView from the state so far (independent copies of the turns)."""
        if self.started is None:
            raise SessionError("the journal has no session_started event")
        turns = [_copy(turn) for turn in self.turns.values()]
        for turn in turns:
            attach_utterances(turn, self.utterances.get(turn.prompt_id, {}))
        origin = recording_origin(self.lists["recording"])
        preamble = attach_stream_segments(turns, list(self.streams.values()), self.lists["recording"], origin)
        preamble = apply_speaker_fixes(turns, preamble, self.speaker_fixes)
        return SessionView(
            meta=self._meta(origin),
            turns=turns,
            last_seq=self.last_seq,
            preamble=preamble,
            preamble_corrections=list(self.preamble_corrections), preamble_checked=self.preamble_checked,
            speaker_labels=dict(self.speaker_labels),
            **{name: list(items) for name, items in self.lists.items()},
        )

    def _meta(self, origin: float | None) -> SessionMeta:
        started = self.started
        transcript = self.last_transcript
        return SessionMeta(
            code=started.participant_code,
            pseudonym=started.pseudonym,
            study_id=started.guide_id,
            guide_version=started.guide_version,
            guide_hash=started.guide_hash,
            guide_path=started.guide_path,
            mode=started.mode,
            interviewer=started.interviewer,
            consent=self.consent,
            started_at=started.at,
            ended_at=self.ended.at if self.ended else None,
            status=self.ended.reason if self.ended else "in_progress",
            duration=self.duration,
            engine=transcript.engine if transcript else None,
            model=transcript.model if transcript else None,
            language=transcript.language if transcript else None,
            study_title=self.guide.study.title if self.guide else None,
            recording_origin=origin,
        )


def _copy(turn: Turn) -> Turn:
    """A copy of a turn whose lists the fold can go on changing: segments and words are never
    changed once journalled, so they are shared (a deep copy of a two-hour session took a second)."""
    return turn.model_copy(update={
        "corrections": list(turn.corrections), "segments": list(turn.segments),
        "covered_topics": list(turn.covered_topics),
    })


def _started(builder: ViewBuilder, event: SessionStarted) -> None:
    if builder.started is not None:
        builder.problems.append(f"a second session_started event (seq {event.seq}) was ignored")
        return
    if event.at is None:
        raise SessionError("the session_started event has no time (was it appended to a journal?)")
    builder.started = event


def _consent(builder: ViewBuilder, event: ConsentGiven) -> None:
    builder.consent = Consent(
        agreed=event.agreed, declined=event.declined, consent_hash=event.consent_hash, at=event.at
    )


def _prompt(builder: ViewBuilder, event: PromptEvent) -> None:
    title = None
    if builder.guide is not None:
        title = next((t.title for t in builder.guide.themes if t.id == event.theme_id), None)
    previous = builder.turns.get(event.prompt_id)
    fields = dict(
        prompt_id=event.prompt_id, kind=event.kind, theme_id=event.theme_id, theme_title=title,
        question_id=event.question_id, probe_id=event.probe_id, probe_kind=event.probe_kind,
        prompt_text=event.text, reason=event.reason, asked_at=event.elapsed, wording=event.wording,
    )
    if previous is not None:
        # A repeat or rephrasing keeps its prompt id: the turn keeps its first time and its answer.
        fields["asked_at"] = previous.asked_at
        builder.turns[event.prompt_id] = previous.model_copy(update=fields)
    else:
        builder.turns[event.prompt_id] = Turn(**fields)


def _answer(builder: ViewBuilder, event: AnswerEvent) -> None:
    turn = builder.turn_for(event.prompt_id, "an answer")
    if turn is None:
        return
    turn.source = event.source
    if event.text or not turn.transcribed:
        turn.original_text = event.text
    turn.answer_started = event.started
    turn.answer_ended = event.elapsed
    turn.audio_file = event.audio_file
    turn.audio_start = event.audio_start
    turn.audio_end = event.audio_end
    turn.draft = ""
    settle(turn)  # an answer made of takes takes its text and audio span from them


def _transcript(builder: ViewBuilder, event: TranscriptEvent) -> None:
    key = event.audio_file if event.prompt_id is None else event.prompt_id
    if event.stage == "final":
        builder.finals.add(key)
    elif key in builder.finals:
        return  # kept in the journal; the final transcript stands
    builder.last_transcript = event
    if event.utterance is not None:
        if event.prompt_id is None:
            builder.streams[(event.audio_file, event.utterance)] = event
        elif builder.turn_for(event.prompt_id, "a transcript") is not None:
            builder.utterances.setdefault(event.prompt_id, {})[event.utterance] = event
        return
    if event.prompt_id is None:
        builder.streams[event.audio_file] = event  # a re-transcription replaces the earlier one
        return
    turn = builder.turn_for(event.prompt_id, "a transcript")
    if turn is None or transcribe_take(turn, event):
        return
    turn.segments = list(event.segments)
    turn.transcribed = True
    if turn.source != "typed" or not turn.original_text:
        turn.original_text = participant_text(event.segments)


def _correction(builder: ViewBuilder, event: CorrectionEvent) -> None:
    correction = Correction(text=event.text, by=event.by, at=event.at)
    if event.prompt_id == PREAMBLE_ID:
        builder.preamble_corrections.append(correction)
    elif (turn := builder.turn_for(event.prompt_id, "a correction")) is not None:
        turn.corrections.append(correction)


def _checked(builder: ViewBuilder, event: TurnCheckedEvent) -> None:
    if event.prompt_id == PREAMBLE_ID:
        builder.preamble_checked = event.checked
    elif (turn := builder.turn_for(event.prompt_id, "a check mark")) is not None:
        turn.checked = event.checked


def _speaker(builder: ViewBuilder, event: SpeakerLabelEvent) -> None:
    builder.speaker_labels[event.role] = event.label


def _segment_speaker(builder: ViewBuilder, event: SegmentSpeakerEvent) -> None:
    builder.speaker_fixes.append(event)


def _coverage(builder: ViewBuilder, event: CoverageEvent) -> None:
    turn = builder.turn_for(event.prompt_id, "coverage")
    if turn is not None:
        turn.covered_topics.extend(t for t in event.topics if t not in turn.covered_topics)


def _take(builder: ViewBuilder, event: TakeStarted) -> None:
    turn = builder.turn_for(event.prompt_id, "a take")
    if turn is not None:
        start_take(turn, event)


def _take_ended(builder: ViewBuilder, event: TakeEnded) -> None:
    turn = builder.turn_for(event.prompt_id, "the end of a take")
    if turn is not None and not end_take(turn, event):
        builder.problems.append(f"take {event.take} of prompt {event.prompt_id} ended but never started")


def _draft(builder: ViewBuilder, event: AnswerDraft) -> None:
    turn = builder.turn_for(event.prompt_id, "a draft")
    if turn is not None:
        turn.draft = event.text


def _ended(builder: ViewBuilder, event: SessionEnded) -> None:
    builder.ended = event


_HANDLERS = {
    SessionStarted: _started,
    ConsentGiven: _consent,
    PromptEvent: _prompt,
    AnswerEvent: _answer,
    TranscriptEvent: _transcript,
    CorrectionEvent: _correction,
    TurnCheckedEvent: _checked,
    SpeakerLabelEvent: _speaker,
    SegmentSpeakerEvent: _segment_speaker,
    CoverageEvent: _coverage,
    TakeStarted: _take,
    TakeEnded: _take_ended,
    AnswerDraft: _draft,
    SessionEnded: _ended,
}


def build_view(events: Iterable, guide: Guide | None = None) -> SessionView:
    """Return the SessionView of a complete event sequence (the guide adds theme titles)."""
    return ViewBuilder(guide).extend(events).view()
