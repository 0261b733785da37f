"""A self-interview take heard live: only the take's audio, on the session clock, never less than its file."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.audio.tap import BlockTap
from interviewer.events import Segment, Word
from interviewer.live.take import LiveTake, shifted

pytestmark = [pytest.mark.slow]
BLOCK = 1600  # 0.1 s at 16 kHz


def stream(tap: BlockTap, audio: np.ndarray, start: float = 0.0, skip: tuple[float, float] | None = None) -> None:
    """Offer `audio` to the tap block by block as a recorder would; `skip` blocks are never offered."""
    for i in range(0, len(audio), BLOCK):
        position = start + i / 16000
        if skip is not None and skip[0] <= position < skip[1]:
            tap.missed_frames += BLOCK  # as a full tap counts what it drops
            continue
        tap.offer(audio[i:i + BLOCK, None], 16000, position)


def take_audio(speech, live_helpers):
    """Speech before the take, the take (a pause, an answer, a pause), and speech after it."""
    before, _ = speech("answer-short")
    inside, reference = speech("answer-guardrail")
    after, _ = speech("answer-distress")
    s = live_helpers.silence
    whole = np.concatenate([before, s(1.0), inside, s(1.0), after])
    begin = (len(before) + 8000) / 16000  # the key is pressed in the pause before the answer
    end = (len(before) + 16000 + len(inside) + 8000) / 16000  # and again in the pause after it
    return whole, begin, end, reference


def test_a_take_is_its_own_audio_on_the_session_clock_and_as_good_as_its_file(tmp_path, engine, speech, wer,
                                                                              live_helpers):
    from interviewer.transcribe import build_prompt
    from interviewer.transcribe.audio_file import load_audio

    whole, begin, end, reference = take_audio(speech, live_helpers)
    path = live_helpers.write_wav(tmp_path / "answer-001-1.wav", whole[round(begin * 16000):round(end * 16000)])
    tap, heard = BlockTap(max_blocks=10_000), []
    take = LiveTake(engine, tap, begin, on_text=heard.append, question="What did it do?", prompt_id=1,
                    language="en", glossary=["chatbot"])
    stream(tap, whole)  # the tap hears the moments around the take too
    offset = 100.0  # where the take's file begins on the session clock
    result = take.finish(end, path, offset)
    assert result is not None
    one_go = engine.transcribe(load_audio(path), language="en",
                               initial_prompt=build_prompt(["chatbot"], "What did it do?"))
    assert wer(reference, result.text) <= wer(reference, one_go.text) + 0.01, (result.text, one_go.text)
    assert "fine" not in result.text.lower() and "hopeless" not in result.text.lower()  # not in the take
    words = [w for s in result.segments for w in s.words]
    assert offset <= words[0].start and words[-1].end <= offset + (end - begin) + 0.05
    first = next(w for w in words if "sometimes" in w.word.lower())
    assert abs(first.start - (offset + 0.5)) < 0.5  # half a second of pause comes before it
    assert heard and heard[-1].strip() and all(s.speaker is None for s in result.segments)


def test_audio_the_stream_missed_is_decoded_from_the_file_or_the_file_is_transcribed(tmp_path, engine, speech,
                                                                                     live_helpers):
    whole, begin, end, _ = take_audio(speech, live_helpers)
    path = live_helpers.write_wav(tmp_path / "take.wav", whole[round(begin * 16000):round(end * 16000)])
    # the tap's count of missed frames says the stream is not the whole take: the file decides
    tap = BlockTap(max_blocks=10_000)
    take = LiveTake(engine, tap, begin, on_text=lambda text: None, language="en")
    stream(tap, whole, skip=(begin + 3.0, begin + 6.0))
    assert take.finish(end, path, 0.0) is None
    # words the utterances never had (the stream heard silence there) come from the file's check
    silent = whole.copy()
    silent[round((begin + 3.0) * 16000):round((begin + 6.0) * 16000)] = 0
    tap = BlockTap(max_blocks=10_000)
    take = LiveTake(engine, tap, begin, on_text=lambda text: None, language="en")
    stream(tap, silent)
    result = take.finish(end, path, 0.0)
    assert result is not None
    words = [w for s in result.segments for w in s.words]
    assert any(3.0 <= (w.start + w.end) / 2 <= 6.0 for w in words), result.text


def test_shifting_keeps_words_inside_the_take():
    seg = Segment(start=9.0, end=12.0, text=" kept and dropped",
                  words=[Word(start=9.0, end=9.5, word=" kept"), Word(start=9.6, end=9.9, word=" and"),
                         Word(start=11.0, end=12.0, word=" dropped")])
    moved = shifted(seg, -8.0, end=2.5)
    assert moved.text == "kept and" and (moved.start, moved.end) == pytest.approx((1.0, 1.9))
    assert shifted(seg, -8.0, end=0.5) is None
    assert shifted(seg, 2.0).words[-1].end == 14.0
