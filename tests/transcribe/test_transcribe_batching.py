"""Batched decoding: VAD chunks, sentence segments, several recordings in one run."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.cli import main
from interviewer.events import Segment, Word
from interviewer.transcribe.base import SAMPLE_RATE
from interviewer.transcribe.chunking import CHUNK_SECONDS, pack, speech_spans
from interviewer.transcribe.faster_engine import FasterWhisperEngine, default_batch_size
from interviewer.transcribe.files import group_files
from interviewer.transcribe.sentences import ends_sentence, split_sentences

SHORT = ("answer-short", "jfk", "answer-first-use")


def _words(*spec):
    return [Word(start=s, end=e, word=w, probability=0.9) for w, s, e in spec]


def test_split_sentences_cuts_after_sentence_ends_and_keeps_confidence():
    seg = Segment(
        start=0.0, end=4.0, text="Yes. Was it? Fine", avg_logprob=-0.3, no_speech_prob=0.1,
        words=_words((" Yes.", 0.1, 0.5), (" Was", 1.0, 1.2), (' it?"', 1.2, 1.6), (" Fine", 3.0, 3.5)),
    )  # fmt: skip
    pieces = split_sentences(seg)
    assert [p.text for p in pieces] == ["Yes.", 'Was it?"', "Fine"]
    assert [(p.start, p.end) for p in pieces] == [(0.1, 0.5), (1.0, 1.6), (3.0, 3.5)]
    assert all(p.avg_logprob == -0.3 and p.no_speech_prob == 0.1 for p in pieces)
    assert sum(len(p.words) for p in pieces) == 4


def test_split_sentences_leaves_one_sentence_or_no_words_alone():
    one = Segment(start=0, end=1, text="no stop here", words=_words((" no", 0, 0.5), (" stop", 0.5, 1)))
    bare = Segment(start=0, end=1, text="Two. Sentences.")
    assert split_sentences(one) == [one] and split_sentences(bare) == [bare]
    assert ends_sentence(" done!") and ends_sentence(" end.)") and not ends_sentence(" e.g")


def test_speech_spans_fit_whisper_windows_and_skip_silence(clips):
    from interviewer.transcribe.audio_file import load_audio

    speech = load_audio(clips["nurse-answer-espeak"].path)
    gap = np.zeros(10 * SAMPLE_RATE, dtype=np.float32)
    audio = np.concatenate([speech, gap, speech])
    spans = speech_spans(audio)
    assert len(spans) >= 4
    assert all(0 < e - s <= CHUNK_SECONDS * SAMPLE_RATE for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    # no chunk reaches into the middle of the 10-s silence
    lo, hi = speech.size + 2 * SAMPLE_RATE, speech.size + 8 * SAMPLE_RATE
    assert not any(s < hi and e > lo for s, e in spans)
    assert speech_spans(np.zeros(5 * SAMPLE_RATE, dtype=np.float32)) == []


def test_pack_keeps_chunks_inside_their_recording(clips):
    from interviewer.transcribe.audio_file import load_audio

    audios = [load_audio(clips[name].path) for name in SHORT]
    packed = pack(audios)
    assert packed.audio.size == sum(a.size for a in audios)
    ends = [start + a.size / SAMPLE_RATE for start, a in zip(packed.starts, audios)]
    for clip, owner in zip(packed.clips, packed.owners):
        assert packed.starts[owner] <= clip["start"] < clip["end"] <= ends[owner] + 1e-9
        # the pipeline names a chunk by its first frame, truncated
        assert packed.owner(int(clip["start"] * 100)) == owner
    assert sorted(set(packed.owners)) == [0, 1, 2]


@pytest.mark.slow
def test_many_recordings_get_the_text_each_gets_alone(engines, clips):
    from interviewer.transcribe.audio_file import load_audio

    engine = engines["faster-whisper"]
    audios = [load_audio(clips[name].path) for name in SHORT]
    silent = np.zeros(SAMPLE_RATE, dtype=np.float32)
    together = engine.transcribe_many([audios[0], silent, *audios[1:]], offsets=[5.0, 0, 0, 0])
    alone = [engine.transcribe(a, offset=o) for a, o in zip(audios, [5.0, 0, 0])]
    assert together[1].segments == [] and "silent" in together[1].notes[0]
    for one, many in zip(alone, [together[0], *together[2:]]):
        assert many.text == one.text and one.text
        assert [s.start for s in many.segments] == pytest.approx([s.start for s in one.segments], abs=0.02)
        assert many.duration == one.duration and many.offset == one.offset
    assert together[0].segments[0].start >= 5.0
    assert sum(r.processing_seconds for r in together) > 0


@pytest.mark.slow
def test_long_recording_comes_back_in_sentences(transcripts):
    result = transcripts("faster-whisper", "nurse-answer-espeak")
    assert len(result.segments) >= 10
    for seg in result.segments[:-1]:
        assert ends_sentence(seg.text) and seg.end - seg.start < CHUNK_SECONDS


def test_batch_size_follows_model_size():
    assert default_batch_size("tiny.en (built-in)") == 8
    assert default_batch_size("Systran/faster-whisper-base.en") == 4
    assert default_batch_size("whisper-base") == 4
    assert default_batch_size("small") == default_batch_size("large-v3") == default_batch_size("model") == 1
    assert FasterWhisperEngine(None, batch_size=0).batch_size == 0
    with pytest.raises(Exception, match="batch size must be 0"):
        FasterWhisperEngine(None, batch_size=-1)


def test_files_are_grouped_up_to_a_limit(clips, tmp_path):
    paths = [clips[n].path for n in ("answer-short", "jfk", "answer-first-use", "nurse-answer-espeak")]
    unknown = tmp_path / "notes.txt"
    unknown.write_text("not audio")
    # 1.9 s, 11 s, 15.7 s, 58.2 s with a 20-s limit
    assert group_files(paths[:3] + [unknown] + paths[3:], limit=20) == [
        paths[:2], [paths[2]], [unknown], [paths[3]]
    ]
    assert group_files(paths) == [paths]


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--batch-size", "-1"], "--batch-size must be 0 or more"),
     (["--batch-size", "2", "--engine", "openai-whisper"], "faster-whisper only")],
)  # fmt: skip
def test_batch_size_errors_are_one_line(extra, message, clips, capsys):
    assert main(["transcribe", str(clips["jfk"].path), "--out", "x", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.slow
def test_cli_batches_files_and_window_by_window_still_works(clips, tmp_path, capsys):
    names = [str(clips[n].path) for n in ("answer-short", "jfk")]
    assert main(["transcribe", *names, "--out", str(tmp_path / "a")]) == 0
    assert main(["transcribe", *names, "--out", str(tmp_path / "b"), "--batch-size", "0"]) == 0
    out = capsys.readouterr().out
    assert out.count("wrote") == 4
    for folder in ("a", "b"):
        assert "ask not what your country" in (tmp_path / folder / "jfk.txt").read_text()


@pytest.mark.slow
def test_a_multilingual_model_without_a_language_decodes_each_recording_alone(clips, monkeypatch):
    from interviewer.transcribe.audio_file import load_audio

    engine = FasterWhisperEngine(None, cpu_threads=2, allow_download=False)
    # tiny.en posing as multilingual: the language would be detected once for the whole batch
    monkeypatch.setattr(FasterWhisperEngine, "is_multilingual", property(lambda self: True))
    runs = []
    real = FasterWhisperEngine._decode_packed
    monkeypatch.setattr(FasterWhisperEngine, "_decode_packed",
                        lambda self, audios, *a: runs.append(len(audios)) or real(self, audios, *a))
    audios = [load_audio(clips[name].path) for name in SHORT[:2]]
    seen = []
    results = engine.transcribe_many(audios, language=None, progress=seen.append)
    assert runs == [1, 1]
    assert "ask not what your country" in results[1].text.lower()
    assert seen == sorted(seen) and seen[-1] == pytest.approx(sum(a.size for a in audios) / SAMPLE_RATE)
    engine.transcribe_many(audios, language="en")
    assert runs == [1, 1, 2]
