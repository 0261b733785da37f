"""The same audio, model and settings give byte-identical transcripts, run after run."""

from __future__ import annotations

import pytest

from interviewer.transcribe.audio_file import load_audio

pytestmark = pytest.mark.slow


def test_each_shared_clip_twice_gives_identical_transcripts(clips, engines, transcripts):
    # the default path, redone chunks and coverage passes included; times and confidences too
    engine = engines["faster-whisper"]
    for name, clip in clips.items():
        first = transcripts("faster-whisper", name)
        again = engine.transcribe(load_audio(clip.path), initial_prompt=clip.prompt)
        assert again.model_dump_json(exclude={"processing_seconds"}) == first.model_dump_json(
            exclude={"processing_seconds"}
        ), name


@pytest.mark.parametrize("engine", ["openai-whisper", "faster-whisper-fp32"])
def test_window_by_window_decoding_is_repeatable(engine, clips, engines, transcripts):
    # these decode with Whisper's fallback rules: seeded (openai-whisper) or beam search only
    clip = clips["nurse-answer-espeak"]
    first = transcripts(engine, clip.name)
    again = engines[engine].transcribe(load_audio(clip.path), initial_prompt=clip.prompt)
    assert [s.model_dump() for s in again.segments] == [s.model_dump() for s in first.segments]
