"""Both engines, built-in model, real and synthetic speech: WER, agreement, word timings."""

from __future__ import annotations

import jiwer
import pytest

from interviewer.transcribe.base import SAMPLE_RATE

ENGINES = ("faster-whisper", "openai-whisper")
LONG_CLIPS = ("jfk", "nurse-answer-espeak")
ANSWERS = ("answer-first-use", "answer-short", "answer-relationships", "answer-guardrail", "answer-distress")
MAX_WER = 0.05

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("clip", LONG_CLIPS)
def test_long_clip_wer_at_most_5_percent(engine, clip, clips, transcripts, normalise):
    result = transcripts(engine, clip)
    wer = jiwer.wer(normalise(clips[clip].reference), normalise(result.text))
    assert wer <= MAX_WER, f"{engine} on {clip}: WER {wer:.3f}: {result.text!r}"
    assert result.language == "en" and result.engine == engine


@pytest.mark.parametrize("engine", ENGINES)
def test_synthetic_answers_wer_at_most_5_percent(engine, clips, transcripts, normalise):
    # pooled over the five answers (one is five words long, where one word is 20 %)
    refs = [normalise(clips[c].reference) for c in ANSWERS]
    hyps = [normalise(transcripts(engine, c).text) for c in ANSWERS]
    wer = jiwer.wer(refs, hyps)
    assert wer <= MAX_WER, f"{engine}: pooled WER {wer:.3f}: {hyps}"


@pytest.mark.parametrize("clip", LONG_CLIPS + ANSWERS)
def test_engines_give_the_same_text(clip, transcripts, normalise):
    # same weights, same precision (fp32), same decoding (beam 5): the same words
    ours = normalise(transcripts("faster-whisper-fp32", clip).text)
    theirs = normalise(transcripts("openai-whisper", clip).text)
    assert ours == theirs and ours


@pytest.mark.parametrize("clip", LONG_CLIPS + ANSWERS)
def test_default_decoding_is_within_a_word_of_openai_whisper_on_each_clip(clip, clips, transcripts, normalise):
    # a clip may differ by a word either way; a regression on one clip must not hide in the pool
    reference = normalise(clips[clip].reference)
    ours = jiwer.wer(reference, normalise(transcripts("faster-whisper", clip).text))
    theirs = jiwer.wer(reference, normalise(transcripts("openai-whisper", clip).text))
    assert ours <= theirs + 1 / len(reference.split()), (ours, theirs)


def test_default_decoding_is_no_worse_than_openai_whisper(clips, transcripts, normalise):
    # int8, VAD chunks in batches, no timestamp tokens: word errors pooled over every clip with a
    # reference are no more than the reference implementation's on the same weights
    def errors(engine):
        total = 0
        for name, clip in clips.items():
            m = jiwer.process_words(normalise(clip.reference), normalise(transcripts(engine, name).text))
            total += m.substitutions + m.deletions + m.insertions
        return total

    assert errors("faster-whisper") <= errors("openai-whisper")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("clip", LONG_CLIPS + ("answer-relationships",))
def test_word_timestamps_monotonic_and_inside_audio(engine, clip, transcripts):
    result = transcripts(engine, clip)
    words = [w for s in result.segments for w in s.words]
    assert len(words) >= len(result.text.split()) * 0.9
    previous_end = 0.0
    for w in words:
        assert 0.0 <= previous_end <= w.start <= w.end <= result.duration + 1e-6, w
        previous_end = w.end
    for s in result.segments:
        assert 0.0 <= s.start <= s.end <= result.duration + 1e-6
        assert s.words[0].start >= s.start - 0.05 and s.words[-1].end <= s.end + 0.05
        assert s.avg_logprob is not None and -5 < s.avg_logprob <= 0
        assert s.no_speech_prob is not None and 0 <= s.no_speech_prob <= 1
    # real timings, not spread evenly: the last word ends within a second of the speech's end
    assert result.duration - words[-1].end < 1.5


@pytest.mark.parametrize(
    ("engine", "tolerance"),
    # same decoding: alignment heads from config.json are applied to the converted checkpoint;
    # batched int8 decodes VAD chunks without timestamp tokens, so pauses may be split otherwise
    [("openai-whisper", 0.2), ("faster-whisper", 0.4)],
)
def test_word_timings_match_between_engines(engine, tolerance, transcripts):
    ours = [w.start for s in transcripts("faster-whisper-fp32", "jfk").segments for w in s.words]
    theirs = [w.start for s in transcripts(engine, "jfk").segments for w in s.words]
    assert len(ours) == len(theirs)
    assert max(abs(a - b) for a, b in zip(ours, theirs)) < tolerance


def test_duration_is_the_audio_length(transcripts, clips):
    import soundfile

    info = soundfile.info(str(clips["jfk"].path))
    assert transcripts("faster-whisper", "jfk").duration == pytest.approx(
        info.frames / info.samplerate, abs=1 / SAMPLE_RATE * 4
    )
