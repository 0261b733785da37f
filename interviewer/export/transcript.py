"""The readable transcript as blocks (header, theme headings, numbered utterances, inline events).

Markdown and Word render these same blocks, so a line number means the same words in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.session.markers import note_words
from interviewer.export.common import (
    MODE_NAMES,
    clean_text,
    clock,
    minutes_seconds,
    prompt_kind,
    speaker_labels,
    speaker_runs,
    spoken_after,
    wrap,
)
from interviewer.export.timeline import PREAMBLE, Clock
from interviewer.guide.model import Guide
from interviewer.session.retiming import preamble_segments
from interviewer.session.view import SessionView, Turn

SUPPORT_STEP = "[support step offered]"
CHOICES = {
    "pause": "pause",
    "skip_topic": "skip this topic",
    "continue": "continue",
    "stop": "stop the interview",
}


@dataclass
class Heading:
    """A theme of the guide."""

    title: str


@dataclass
class Utterance:
    """A prompt or an answer, wrapped into numbered lines."""

    speaker: str
    time: float
    label: str  # e.g. "question first-use" or "probe: example"; empty for answers
    lines: list[str]
    first_line: int
    original: str | None = None  # the text before correction, when corrected
    corrected_by: str | None = None
    turn: Turn | None = None  # the turn it belongs to (None for the preamble)
    role: str = "preamble"  # "prompt", "answer" or "preamble", as in timeline.Cue

    @property
    def last_line(self) -> int:
        """The number of this utterance's last line."""
        return self.first_line + len(self.lines) - 1


@dataclass
class Event:
    """A researcher note or marker, a support step, a skip or an audio gap, at its time."""

    time: float
    text: str


@dataclass
class Transcript:
    """Header fields and the body blocks of one session."""

    title: str
    header: list[tuple[str, str]]
    blocks: list[Heading | Utterance | Event] = field(default_factory=list)
    line_count: int = 0


def build_transcript(view: SessionView, clock_: Clock, guide: Guide | None = None) -> Transcript:
    """Lay the session out as a transcript in the session's time base."""
    meta = view.meta
    doc = Transcript(title=f"Interview {meta.code}", header=_header(view, clock_, guide))
    events = session_events(view, clock_)
    interviewer, speaker = speaker_labels(view)
    theme = None
    line = 1
    spoken = [seg for seg in preamble_segments(view) if seg.text.strip()]  # as corrected
    preamble = " ".join(clean_text(seg.text).strip() for seg in spoken)
    if preamble:
        doc.blocks.append(Heading("Before the first question"))
        doc.blocks.append(_utterance(PREAMBLE, spoken[0].start, "", preamble, line))
        line += len(doc.blocks[-1].lines)
    for turn in view.turns:
        while events and events[0][0] <= turn.asked_at:
            doc.blocks.append(events.pop(0)[1])
        if turn.theme_id != theme:
            theme = turn.theme_id
            doc.blocks.append(Heading(_theme_title(turn, guide)))
        prompt = _utterance(interviewer, clock_.prompt_time(turn), _label(turn), turn.prompt_text, line)
        prompt.turn, prompt.role = turn, "prompt"
        doc.blocks.append(prompt)
        line += len(prompt.lines)
        if spoken_after(turn):
            for who, segments in speaker_runs(turn, speaker, interviewer):
                if segments:
                    text = " ".join(seg.text.strip() for seg in segments)
                    answer = _utterance(who, segments[0].start, "", text, line)
                else:
                    answer = _utterance(who, clock_.answer_span(turn)[0], "", turn.text, line)
                answer.turn, answer.role = turn, "answer"
                if turn.corrections:
                    answer.original = clean_text(turn.original_text)
                    answer.corrected_by = turn.corrections[-1].by
                doc.blocks.append(answer)
                line += len(answer.lines)
    doc.blocks.extend(event for _, event in events)
    doc.line_count = line - 1
    return doc


def _utterance(speaker: str, time: float, label: str, text: str, first: int) -> Utterance:
    return Utterance(speaker, time, label, wrap(clean_text(text)) or [""], first)


def _label(turn: Turn) -> str:
    kind = prompt_kind(turn)
    return f"question {turn.question_id}" if kind == "question" else f"{kind} ({turn.question_id})"


def _theme_title(turn: Turn, guide: Guide | None) -> str:
    if guide is not None:
        for theme in guide.themes:
            if theme.id == turn.theme_id:
                return theme.title
    return turn.theme_title or turn.theme_id


def _header(view: SessionView, clock_: Clock, guide: Guide | None) -> list[tuple[str, str]]:
    meta = view.meta
    title = guide.study.title if guide is not None else meta.study_title
    study = f"{title} ({meta.study_id})" if title else meta.study_id
    rows = [
        ("Study", study),
        ("Participant code", meta.code),
        ("Pseudonym", meta.pseudonym or "—"),
        ("Mode", MODE_NAMES.get(meta.mode, str(meta.mode))),
        ("Date", f"{meta.started_at:%Y-%m-%d %H:%M}"),
        ("Duration", minutes_seconds(meta.duration)),
        ("Status", meta.status.replace("_", " ")),
        ("Guide version", f"{meta.guide_version} ({meta.guide_hash[:19]})"),
    ]
    if meta.interviewer:
        rows.append(("Interviewer", meta.interviewer))
    if meta.model:
        rows.append(("Transcription", f"{meta.engine or ''} {meta.model}".strip()))
    if meta.redacted:
        rows.append(("Redacted", "yes: identifiers replaced"))
    rows.append(("Times", clock_.basis))
    return [(k, clean_text(v)) for k, v in rows]


def _superseded_takes(view: SessionView, clock_: Clock) -> list[tuple[float, Event]]:
    """Takes the participant replaced: kept and shown, marked as not part of the answer."""
    out = []
    for turn in view.turns:
        for take in turn.takes:
            if not take.superseded:
                continue
            where = take.audio_start if take.audio_start is not None else clock_.at(take.started)
            what = "recording" if take.kind == "spoken" else "typed text"
            said = f": {take.text}" if take.text.strip() else " (no words transcribed)"
            out.append((take.started, Event(where, clean_text(f"[replaced {what}, take {take.take}, not used{said}]"))))
    return out


def session_events(view: SessionView, clock_: Clock, notes: bool = True) -> list[tuple[float, Event]]:
    """(elapsed, event) for everything flagged during the session, in time order."""
    out: list[tuple[float, Event]] = []
    for note in view.notes if notes else []:
        what = "Researcher note" if note.type == "note" else "Marker"
        body = note_words(note) if note.type == "marker" else " — ".join(p for p in (note.label, note.text) if p)
        out.append((note.elapsed, Event(clock_.at(note.elapsed), clean_text(f"{what}: {body}"))))
    for flag in view.distress:
        # A flag for the researcher: never quotes what the participant said.
        out.append((flag.elapsed, Event(clock_.at(flag.elapsed), SUPPORT_STEP)))
    for skip in view.skips:
        what = f"probe {skip.probe_id}" if skip.probe_id else f"question {skip.question_id}"
        text = f"[{what} skipped by {skip.by}: {skip.reason}]"
        out.append((skip.elapsed, Event(clock_.at(skip.elapsed), clean_text(text))))
    for gap in view.gaps:
        text = f"[audio lost at {clock(gap.position)}: {gap.duration:.1f} s, {gap.reason}]"
        out.append((gap.elapsed, Event(gap.position, clean_text(text))))
    flow = [(e.elapsed, f"[interview {'paused' if e.type == 'pause' else 'resumed'}]") for e in view.pauses]
    flow += [(e.elapsed, f"[participant chose: {CHOICES[e.choice]}]") for e in view.support_choices]
    flow += [(e.elapsed, f"[branch from {e.from_question} to {e.to}: {e.reason}]") for e in view.branches]
    flow += [
        (
            e.elapsed,
            f"[dropped {f'probe {e.probe_id}' if e.probe_id else f'question {e.question_id}'}"
            f" for time: {e.reason}]",
        )
        for e in view.drops
    ]
    out += [(at, Event(clock_.at(at), clean_text(text))) for at, text in flow]
    out += _superseded_takes(view, clock_)
    return sorted(out, key=lambda pair: pair[0])
