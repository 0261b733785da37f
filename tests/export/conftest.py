"""Fixtures for the export tests: a study guide and realistic sessions built as SessionViews.

The realistic session is researcher-led with a real recording: the shared espeak answers placed
on one timeline and split into two recording segment files, transcript segments with word
timings, a correction, a typed answer, notes, a marker, a distress flag, a skip and an audio gap.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from interviewer.events import (
    DistressEvent,
    GapEvent,
    Mode,
    NoteEvent,
    RatingEvent,
    RecordingSegmentEvent,
    Segment,
    SkipEvent,
    Word,
)
from interviewer.guide.model import Guide
from interviewer.session.view import Consent, Correction, SessionMeta, SessionView, Turn

RATE = 16000
START = datetime(2025, 3, 1, 14, 0, tzinfo=timezone.utc)
REC_OFFSET = 1.0  # the recording started one second into the session

GUIDE = {
    "study": {
        "id": "genai-mental-health",
        "title": "Experiences of using generative-AI chatbots for mental health",
        "version": "1.0",
        "duration_minutes": 45,
    },
    "information": {
        "sheet": "You are invited to talk about chatbots and wellbeing.",
        "consent": [{"id": "record", "text": "I agree to be audio recorded."}],
    },
    "themes": [
        {
            "id": "first-use",
            "title": "Getting started",
            "minutes": 10,
            "questions": [
                {
                    "id": "first-use",
                    "text": "Can you tell me about the first time you used an AI chatbot for your wellbeing?",
                    "minutes": 5,
                    "probes": [
                        {
                            "id": "example",
                            "kind": "example",
                            "text": "Can you give me an example of what you wrote?",
                        },
                        {"id": "feeling", "kind": "feeling", "text": "How did that feel at the time?"},
                    ],
                },
                {"id": "frequency", "text": "How often do you use it now, and when?"},
            ],
        },
        {
            "id": "relationships",
            "title": "Talking about other people",
            "questions": [
                {
                    "id": "people",
                    "text": "Have you talked to a chatbot about people in your life?",
                    "probes": [{"id": "what-happened", "text": "What happened after that?"}],
                }
            ],
        },
        {
            "id": "limits",
            "title": "When it did not help",
            "questions": [
                {
                    "id": "guardrails",
                    "text": "Were there times the chatbot would not continue, or sent you elsewhere?",
                    "probes": [{"id": "meaning", "kind": "meaning", "text": "What did that mean to you?"}],
                },
                {
                    "id": "hard-times",
                    "sensitive": True,
                    "text": "Some people turn to chatbots in very difficult moments. Would you like to tell me about such a time?",
                },
            ],
        },
        {
            "id": "closing",
            "title": "Closing",
            "questions": [{"id": "anything-else", "text": "Is there anything else you would like to add?"}],
        },
    ],
}

THEME_TITLES = {t["id"]: t["title"] for t in GUIDE["themes"]}
QUESTIONS = {q["id"]: (t["id"], q["text"]) for t in GUIDE["themes"] for q in t["questions"]}
PROBES = {
    (q["id"], p["id"]): (p.get("kind", "elaboration"), p["text"])
    for t in GUIDE["themes"]
    for q in t["questions"]
    for p in q.get("probes", [])
}


@pytest.fixture(scope="session")
def study_guide() -> Guide:
    """The study's topic guide."""
    return Guide.model_validate(GUIDE)


def make_turn(pid: int, qid: str, asked: float, probe: str | None = None, **answer) -> Turn:
    """A prompt of the guide (question or probe) with answer fields."""
    theme, text = QUESTIONS[qid]
    kind, probe_kind = ("probe", PROBES[(qid, probe)][0]) if probe else ("question", None)
    prompt = PROBES[(qid, probe)][1] if probe else text
    return Turn(
        prompt_id=pid,
        kind=kind,
        theme_id=theme,
        theme_title=THEME_TITLES[theme],
        question_id=qid,
        probe_id=probe,
        probe_kind=probe_kind,
        prompt_text=prompt,
        reason="next in guide",
        asked_at=asked,
        **answer,
    )


def segments_for(text: str, start: float, end: float) -> list[Segment]:
    """Whisper-like segments (one per sentence) with evenly spread word timings."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    total = sum(len(s) for s in sentences)
    out, at = [], start
    for sentence in sentences:
        stop = at + (end - start) * len(sentence) / total
        words = sentence.split()
        step = (stop - at) / len(words)
        out.append(
            Segment(
                start=round(at, 3),
                end=round(stop, 3),
                text=" " + sentence,
                avg_logprob=-0.2,
                words=[
                    Word(
                        start=round(at + i * step, 3),
                        end=round(at + (i + 1) * step, 3),
                        word=" " + w,
                        probability=0.9,
                    )
                    for i, w in enumerate(words)
                ],
            )
        )
        at = stop
    return out


def _meta(code: str, mode: Mode, duration: float, **extra) -> SessionMeta:
    guide = Guide.model_validate(GUIDE)
    return SessionMeta(
        code=code,
        study_id="genai-mental-health",
        guide_version="1.0",
        guide_hash=guide.content_hash,
        mode=mode,
        started_at=START,
        ended_at=START + timedelta(seconds=duration),
        status="completed",
        duration=duration,
        consent=Consent(agreed=["record"], consent_hash=guide.consent_hash, at=START),
        **extra,
    )


def build_realistic(audio_dir: Path, session_dir: Path) -> SessionView:
    """The researcher-led session with its recording written into session_dir/audio/."""
    import soundfile as sf

    def wav(name: str) -> tuple[np.ndarray, str]:
        data, rate = sf.read(audio_dir / f"answer-{name}.wav", dtype="int16")
        assert rate == RATE
        return data, (audio_dir / f"answer-{name}.txt").read_text().strip()

    plan = [  # (question, probe, answer: wav name | typed text | None, correction)
        ("first-use", None, "first-use", "fix"),
        ("first-use", "example", "short", None),
        (
            "frequency",
            None,
            "typed:Most evenings — sometimes twice, at the café ☕ after work; 夜は家で.",
            None,
        ),
        ("people", None, "relationships", None),
        ("people", "what-happened", "short", None),
        ("guardrails", None, "guardrail", None),
        ("hard-times", None, "distress", None),
        ("anything-else", None, "typed:No, thank you. 🙏", None),
    ]
    t, audio, turns = 0.0, [np.zeros(0, dtype=np.int16)], []
    for pid, (qid, probe, answer, fix) in enumerate(plan, start=1):
        asked, t = REC_OFFSET + t, t + 3.0
        audio.append(np.zeros(int(3.0 * RATE), dtype=np.int16))
        if answer.startswith("typed:"):
            turns.append(
                make_turn(
                    pid,
                    qid,
                    asked,
                    probe,
                    source="typed",
                    original_text=answer[6:],
                    answer_started=REC_OFFSET + t,
                    answer_ended=REC_OFFSET + t + 8,
                )
            )
            audio.append(np.zeros(8 * RATE, dtype=np.int16))
            t += 8.0
            continue
        data, text = wav(answer)
        end = t + len(data) / RATE
        heard = text.replace("chatbot", "chat bot") if fix else text
        corrections = [Correction(text=text, by="researcher", at=START + timedelta(hours=1))] if fix else []
        turns.append(
            make_turn(
                pid,
                qid,
                asked,
                probe,
                source="spoken",
                original_text=heard,
                corrections=corrections,
                answer_started=REC_OFFSET + t,
                answer_ended=REC_OFFSET + end,
                audio_file="audio/rec-0001.wav",
                audio_start=t,
                audio_end=end,
                segments=segments_for(heard, t, end),
                transcribed=True,
            )
        )
        audio += [data, np.zeros(RATE, dtype=np.int16)]
        t = end + 1.0
    recording = np.concatenate(audio)
    (session_dir / "audio").mkdir(parents=True, exist_ok=True)
    half = len(recording) // 2
    segs = []
    for i, (a, b) in enumerate(((0, half), (half, len(recording))), start=1):
        sf.write(session_dir / "audio" / f"rec-000{i}.wav", recording[a:b], RATE, subtype="PCM_16")
        segs.append(
            RecordingSegmentEvent(
                elapsed=REC_OFFSET + b / RATE,
                audio_file=f"audio/rec-000{i}.wav",
                start=a / RATE,
                duration=(b - a) / RATE,
                sample_rate=RATE,
                channels=1,
            )
        )
    duration = REC_OFFSET + len(recording) / RATE + 2
    g = turns[5].answer_started
    return SessionView(
        meta=_meta(
            "P-7K3Q",
            Mode.CONDUCT,
            duration,
            pseudonym="Sam",
            interviewer="R. Researcher",
            engine="faster-whisper",
            model="tiny.en",
            language="en",
        ),
        turns=turns,
        notes=[
            NoteEvent(
                type="note",
                elapsed=g + 2,
                text="Sam became animated here",
                at=START + timedelta(seconds=g + 2),
            ),
            NoteEvent(type="marker", elapsed=g + 4, label="bookmark", text="quote for the paper"),
        ],
        skips=[
            SkipEvent(
                elapsed=turns[1].answer_ended + 0.5,
                question_id="first-use",
                probe_id="feeling",
                by="engine",
                reason="probe budget reached",
            )
        ],
        distress=[
            DistressEvent(elapsed=turns[6].answer_ended + 0.2, question_id="hard-times", trigger="phrase")
        ],
        recording=segs,
        gaps=[
            GapEvent(
                elapsed=turns[3].answer_started + 1,
                position=turns[3].audio_start + 0.5,
                duration=0.2,
                reason="input overflow",
            )
        ],
        last_seq=99,
    )


@pytest.fixture
def realistic(audio_dir: Path, tmp_path: Path) -> tuple[SessionView, Path]:
    """(view, session folder) of the realistic researcher-led session with audio."""
    session_dir = tmp_path / "session"
    return build_realistic(audio_dir, session_dir), session_dir


UNICODE_ANSWERS = {
    "first-use": "Je l'ai essayé un soir — c'était étrange, mais apaisant. 😊 The bot said \"hello\", then 'ok'.",
    "frequency": "=SUM(A1) is what I typed once, as a joke.\nThen a new line, and 中文也可以：我每天都用。",
    "people": "-3 days later I told my sister 🤝; she said: « enfin ! »",
    "anything-else": "@everyone no. 日本語も大丈夫です。 I <3 it & that's all.",
}


def build_typed(
    code: str = "P-9Z2X",
    answers: dict[str, str] | None = None,
    mode: Mode = Mode.SELF,
    step: float = 30.0,
    ratings: list[RatingEvent] | None = None,
) -> SessionView:
    """A typed session without audio (self-interview by default), one main question per answer."""
    answers = UNICODE_ANSWERS if answers is None else answers
    turns = []
    for pid, (qid, text) in enumerate(answers.items(), start=1):
        asked = 5.0 + (pid - 1) * step
        turns.append(
            make_turn(
                pid,
                qid,
                asked,
                source="typed",
                original_text=text,
                answer_started=asked + 2,
                answer_ended=asked + step - 5,
            )
        )
    duration = 5.0 + len(answers) * step
    return SessionView(meta=_meta(code, mode, duration, language="fr"), turns=turns, ratings=ratings or [])


@pytest.fixture(scope="session")
def schemas(shared_dir: Path):
    """The REFI-QDA project and codebook schemas, compiled."""
    from lxml import etree

    folder = shared_dir / "schemas"
    return {
        name: etree.XMLSchema(etree.parse(str(folder / f"refi-qda-{name}-1.0.xsd")))
        for name in ("project", "codebook")
    }


@pytest.fixture
def typed_view() -> SessionView:
    """A typed self-interview with non-ASCII text (é, emoji, CJK) and spreadsheet-hostile starts."""
    return build_typed()


@pytest.fixture
def empty_view() -> SessionView:
    """A session that ended before any question (e.g. consent refused)."""
    meta = _meta("P-0EMP", Mode.SELF, 12.0)
    return SessionView(meta=meta.model_copy(update={"status": "consent_refused"}))


@pytest.fixture
def pilot_views() -> list[SessionView]:
    """Three pilot rehearsals with different pacing, probes, skips, repeats and ratings."""
    views = []
    for i, step in enumerate((40.0, 60.0, 90.0)):
        answers = {q: f"Pilot answer {i} to {q}." for q in ("first-use", "frequency", "people", "guardrails")}
        ratings = [
            RatingEvent(
                elapsed=10,
                question_id="first-use",
                clarity=4 + (i > 0),
                relevance=5,
                comment=f"tester {i}: clear enough",
            ),
            RatingEvent(
                elapsed=20,
                question_id="guardrails",
                clarity=2 + i,
                relevance=3,
                comment="the word 'guardrails' confused me" if i == 0 else "",
            ),
        ]
        view = build_typed(f"P-PIL{i}", answers, Mode.PILOT, step, ratings)
        probe = make_turn(
            99,
            "first-use",
            view.turns[0].asked_at + 10,
            "example",
            source="typed",
            original_text="An example.",
        )
        turns = view.turns[:1] + [probe] + view.turns[1:]
        if i == 2:  # asked again, and a question skipped
            turns.append(
                make_turn(100, "frequency", view.meta.duration - 10, source="typed", original_text="Again.")
            )
        if i == 1:  # a question rephrased in the guide's alternative wording
            turns[3] = turns[3].model_copy(update={"wording": "alternative"})
        skips = (
            [
                SkipEvent(
                    elapsed=view.meta.duration - 5,
                    question_id="hard-times",
                    by="participant",
                    reason="not today",
                )
            ]
            if i == 1
            else []
        )
        views.append(view.model_copy(update={"turns": turns, "skips": skips}))
    return views
