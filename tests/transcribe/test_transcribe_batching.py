"""Batched decoding: VAD chunks, sentence segments, several recordings in one run."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from interviewer.cli import main
from interviewer.events import Segment, Word
from interviewer.transcribe.base import SAMPLE_RATE
from interviewer.transcribe.batched import chunk_verdict, prompt_text
from interviewer.transcribe.chunking import CHUNK_SECONDS, pack, speech_spans
from interviewer.transcribe.faster_engine import FasterWhisperEngine, default_batch_size
from interviewer.transcribe.files import group_files
from interviewer.transcribe.sentences import ends_sentence, split_sentences

SHORT = ("answer-short", "jfk", "answer-first-use")


def _words(*spec):
    return [Word(start=s, end=e, word=w, probability=p) for w, s, e, p in spec]


def test_split_sentences_cuts_after_sentence_ends_and_gives_each_its_own_confidence():
    seg = Segment(
        start=0.0, end=4.0, text="Yes. Was it? Fine", avg_logprob=-0.3, no_speech_prob=0.1,
        words=_words((" Yes.", 0.1, 0.5, 0.9), (" Was", 0.6, 1.2, 0.9), (' it?"', 1.2, 1.6, 0.9),
                     (" Fine", 1.8, 2.1, 0.2)),
    )  # fmt: skip
    pieces = split_sentences(seg)
    assert [p.text for p in pieces] == ["Yes.", 'Was it?"', "Fine"]
    assert [(p.start, p.end) for p in pieces] == [(0.1, 0.5), (0.6, 1.6), (1.8, 2.1)]
    assert all(p.no_speech_prob == 0.1 for p in pieces)
    assert [p.avg_logprob for p in pieces] == pytest.approx([math.log(0.9), math.log(0.9), math.log(0.2)])
    from interviewer.transcribe.result import low_confidence

    assert [low_confidence(p) for p in pieces] == [False, False, True]  # only the unsure one
    assert sum(len(p.words) for p in pieces) == 4


def test_split_sentences_also_cuts_at_a_long_pause():
    seg = Segment(start=0, end=5, text="so that was it and then", avg_logprob=-0.2,
                  words=_words((" so", 0, 0.3, 0.9), (" that", 0.3, 0.6, 0.9), (" was", 1.6, 1.9, 0.9),
                               (" it", 1.9, 2.1, 0.9)))
    assert [p.text for p in split_sentences(seg)] == ["so that", "was it"]


def test_split_sentences_keeps_one_sentence_whole_and_no_words_alone():
    one = Segment(start=0, end=1, text="no stop here", words=_words((" no", 0, 0.5, 0.9), (" stop", 0.5, 1, 0.9)))
    bare = Segment(start=0, end=1, text="Two. Sentences.")
    (piece,) = split_sentences(one)
    assert piece.text == "no stop" and piece.avg_logprob == pytest.approx(math.log(0.9))
    assert split_sentences(bare) == [bare]
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


def test_chunks_are_judged_by_whispers_own_rules():
    def seg(no_speech, logprob, ratio):
        return SimpleNamespace(no_speech_prob=no_speech, avg_logprob=logprob, compression_ratio=ratio)

    assert chunk_verdict(seg(0.1, -0.3, 1.5)) == "keep"
    assert chunk_verdict(seg(0.9, -1.5, 1.5)) == "drop"  # silence that decoded as noise
    assert chunk_verdict(seg(0.9, -0.2, 1.5)) == "keep"  # confident text despite the no-speech guess
    assert chunk_verdict(seg(0.1, -0.3, 3.1)) == "redo"  # "I don't know. I don't know. ..."
    assert prompt_text("  Glossary: chatbot. ") == " Glossary: chatbot." and prompt_text(" ") is None


@pytest.mark.slow
def test_a_repetitive_chunk_is_decoded_again_window_by_window(clips, monkeypatch):
    from interviewer.transcribe.audio_file import load_audio

    engine = FasterWhisperEngine(None, cpu_threads=2, allow_download=False)
    short, jfk = (load_audio(clips[name].path) for name in ("answer-short", "jfk"))
    late = np.concatenate([np.zeros(3 * SAMPLE_RATE, dtype=np.float32), jfk])  # speech from 3 s
    plain = engine.transcribe_many([short, late], offsets=[100.0, 200.0])
    engine.loop_ratio = 0.0  # every chunk now counts as a loop
    calls = []
    real = FasterWhisperEngine._sequential
    monkeypatch.setattr(FasterWhisperEngine, "_sequential",
                        lambda self, audio, *a: calls.append(audio.size) or real(self, audio, *a))
    redone = engine.transcribe_many([short, late], offsets=[100.0, 200.0])
    assert len(calls) == 2 and calls[1] < late.size  # each speech chunk alone, not the whole file
    assert "ask not what your country can do for you" in redone[1].text.lower()
    first = [w.start for s in redone[1].segments for w in s.words][0]
    # the chunk starts 0.6 s before the speech (the VAD's padding): the two decodings place the
    # first word within 0.35 s of each other
    assert first == pytest.approx([w.start for s in plain[1].segments for w in s.words][0], abs=0.35)
    assert 202.5 <= first < 203.5  # 200 s offset + 3 s of silence before the speech
    assert all(100.0 <= w.start < 100.0 + short.size / SAMPLE_RATE for s in redone[0].segments for w in s.words)


def test_one_bad_file_in_a_group_fails_alone(clips, tmp_path, capsys):
    import soundfile as sf

    nan = tmp_path / "nan.wav"
    sf.write(str(nan), np.full(SAMPLE_RATE, np.nan, dtype=np.float32), SAMPLE_RATE, subtype="FLOAT")
    empty = tmp_path / "empty.wav"
    sf.write(str(empty), np.zeros(0, dtype=np.int16), SAMPLE_RATE)
    good = str(clips["answer-short"].path)
    assert group_files([empty, nan]) == [[empty, nan]]  # a zero-length file first is no trouble
    unsized = tmp_path / "notes.txt"
    unsized.write_text("not audio")
    assert group_files([unsized, empty]) == [[unsized], [empty]]  # nothing joins one standing alone
    assert main(["transcribe", str(empty), str(nan), good, "--out", str(tmp_path / "out")]) == 4
    out, err = capsys.readouterr()
    assert "NaN" in err and "empty.wav" in err and "Traceback" not in err
    assert out.count("wrote") == 1 and (tmp_path / "out" / "answer-short.txt").is_file()


def test_progress_counts_silent_recordings_where_they_stand():
    from interviewer.transcribe.base import EngineBase

    class Counting(EngineBase):  # the shared bookkeeping, with a decoder that only reports progress
        engine_name, model_name = "counting", "none"

        def load(self):
            pass

        def _check_language(self, language):
            pass

        def _decode(self, audio, language, initial_prompt, word_timestamps, offset, duration, progress):
            progress(duration / 2)
            progress(duration)
            return [], "en"

    tone = np.sin(np.arange(2 * SAMPLE_RATE) / 5).astype(np.float32) * 0.5
    silent = np.zeros(3 * SAMPLE_RATE, dtype=np.float32)
    seen = []
    results = Counting().transcribe_many([silent, tone, silent, tone], progress=seen.append)
    assert seen == pytest.approx([4.0, 5.0, 9.0, 10.0, 10.0])  # 3 s silent first, then 2 s heard ...
    assert [bool(r.notes and "silent" in r.notes[0]) for r in results] == [True, False, True, False]


def test_a_group_that_fails_as_a_whole_is_retried_file_by_file(clips, tmp_path, monkeypatch, capsys):
    import interviewer.cli.transcribe_cmd as cmd

    build = cmd._build_transcriber

    class OnlyOne:  # the real engine, but a run of several files fails as if out of memory
        def __init__(self, engine):
            self.engine, self.model_name, self.runs = engine, engine.model_name, []

        def transcribe_many(self, audios, **kwargs):
            self.runs.append(len(audios))
            if len(audios) > 1:
                from interviewer.errors import TranscriptionError

                raise TranscriptionError("out of memory (pretend)")
            return self.engine.transcribe_many(audios, **kwargs)

    made = []
    monkeypatch.setattr(cmd, "_build_transcriber", lambda *a: made.append(OnlyOne(build(*a))) or made[-1])
    names = [str(clips[n].path) for n in ("answer-short", "jfk")]
    assert main(["transcribe", *names, "--out", str(tmp_path)]) == 0
    assert made[0].runs == [2, 1, 1] and capsys.readouterr().out.count("wrote") == 2
