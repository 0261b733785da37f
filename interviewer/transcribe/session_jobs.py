"""Transcribe a saved session: every spoken answer and recording segment not transcribed yet.

Resumable by construction: what already has a TranscriptEvent in the journal is left alone, and
each result is appended (fsynced) as soon as its group is done, so an interrupted run loses at
most the groups in progress (one for local engines; up to ten minutes of audio decoded together).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.errors import InterviewerError, TranscriptionError
from interviewer.transcribe.base import language_code
from interviewer.transcribe.files import GROUP_SECONDS, audio_duration, consecutive_groups
from interviewer.transcribe.prompt import build_prompt
from interviewer.transcribe.queue import TranscriptionJob


@dataclass
class SessionTranscription:
    """What a session transcription did."""

    code: str
    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    already: int = 0


def pending_jobs(record, *, force: bool = False, final_model: str | None = None) -> tuple[list[TranscriptionJob], int]:
    """Jobs for the spoken answers and recording segments of a loaded session that have no
    transcript yet, and how many already have one.

    `final_model`: those without a final transcript by that model instead; `force`: all of them."""
    done = set() if force else _transcribed(record, final_model)
    glossary = record.guide.glossary if record.guide else []
    language = language_code(record.guide.study.language) if record.guide else None
    jobs: list[TranscriptionJob] = []
    takes = [(turn, take) for turn in record.view.turns for take in turn.takes
             if take.kind == "spoken" and take.audio_file]
    for turn, take in takes:  # every take, superseded ones too: the researcher may read them
        if take.audio_file not in done:
            jobs.append(_job(record.folder, take.audio_file, take.audio_start or 0.0, turn.prompt_id,
                             build_prompt(glossary, turn.prompt_text), language))
    for turn in record.view.turns:
        if turn.takes:
            continue
        if turn.source == "spoken" and turn.audio_file and turn.audio_file not in done:
            prompt = build_prompt(glossary, turn.prompt_text)
            jobs.append(_job(record.folder, turn.audio_file, turn.audio_start or 0.0, turn.prompt_id,
                             prompt, language))
    for seg in record.view.recording:
        if seg.audio_file not in done:
            jobs.append(_job(record.folder, seg.audio_file, seg.start, None, build_prompt(glossary, None),
                             language))
    wanted = {t.audio_file for t in record.view.turns if t.source == "spoken" and t.audio_file}
    wanted |= {take.audio_file for _, take in takes}
    wanted |= {s.audio_file for s in record.view.recording}
    return jobs, len(wanted & done)


def _transcribed(record, final_model: str | None) -> set[str]:
    """Audio files that have a transcript (a final one by `final_model`, when given)."""
    return {
        e.audio_file for e in record.events
        if e.type == "transcript" and (final_model is None or (e.stage == "final" and e.model == final_model))
    }  # fmt: skip


def _job(folder: Path, audio_file: str, offset: float, prompt_id: int | None, prompt: str | None,
         language: str | None) -> TranscriptionJob:
    return TranscriptionJob(audio_file=audio_file, path=folder / audio_file, offset=offset,
                            prompt_id=prompt_id, initial_prompt=prompt or None, language=language)


def job_groups(jobs: list[TranscriptionJob], limit: float = GROUP_SECONDS) -> list[list[TranscriptionJob]]:
    """Consecutive jobs that share a prompt and language, up to `limit` seconds of audio a group
    (a researcher-led recording's 30-s segments share one prompt, so they decode in batches)."""
    return consecutive_groups(
        jobs,
        lambda job: audio_duration(job.path) or 0.0,  # an unreadable file fails on loading, alone
        limit,
        lambda first, job: (first.initial_prompt, first.language) == (job.initial_prompt, job.language),
    )


def transcribe_session(store, code: str, transcriber, *,
                       on_job: Callable[[TranscriptionJob, int, int], None] | None = None,
                       force: bool = False, stage: str = "live") -> SessionTranscription:
    """Transcribe what a session still lacks, appending each TranscriptEvent to its journal as
    soon as its group is done; jobs sharing a prompt are decoded together.

    `force`: every answer again; `stage="final"`: a final pass, re-transcribing each answer that
    has no final transcript by this model yet (the live one stays in the journal)."""
    record = store.load(code)
    if getattr(transcriber, "server_url", None):
        from interviewer.transcribe.server_engine import check_server_allowed

        check_server_allowed(record.guide, transcriber.server_url)  # before any audio is sent
    final_model = transcriber.model_name if stage == "final" else None
    jobs, already = pending_jobs(record, force=force, final_model=final_model)
    outcome = SessionTranscription(record.code, already=already)
    if not jobs:
        return outcome
    language = _language(transcriber, jobs[0].language)  # the guide's: the same for every job
    session = store.open(record.code)
    try:
        _each_group(job_groups(jobs), getattr(transcriber, "max_in_flight", 1), on_job, len(jobs),
                    lambda group: _run_group(group, transcriber, language, session, outcome, stage))
    finally:
        session.close()  # snapshot with the transcripts; the status stays as it was
    return outcome


def _each_group(groups, workers: int, on_job, total: int, run) -> None:
    """Run each group, several at once for an engine with requests in flight (the server; local
    engines take one at a time), telling `on_job` of each job once its group is saved."""
    lock, count = threading.Lock(), [0]

    def one(group: list[TranscriptionJob]) -> None:
        run(group)
        with lock:
            for job in group:
                count[0] += 1
                if on_job is not None:
                    on_job(job, count[0], total)

    if workers <= 1:
        for group in groups:
            one(group)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, groups))


def _run_group(group: list[TranscriptionJob], transcriber, language: str | None, session,
               outcome: SessionTranscription, stage: str = "live") -> None:
    """Transcribe a group and append each result; if the run fails, each job is tried alone."""
    from interviewer.transcribe.audio_file import load_audio
    from interviewer.transcribe.base import check_audio

    loaded = []
    for job in group:
        try:
            loaded.append((job, check_audio(load_audio(job.path))))
        except InterviewerError as exc:
            outcome.failed.append((job.audio_file, str(exc)))
    if not loaded:
        return
    first = loaded[0][0]
    try:
        results = transcriber.transcribe_many(
            [audio for _, audio in loaded], language=language,
            initial_prompt=first.initial_prompt, offsets=[job.offset for job, _ in loaded],
        )  # fmt: skip
    except InterviewerError as exc:
        if len(loaded) > 1:
            for job, _ in loaded:
                _run_group([job], transcriber, language, session, outcome, stage)
        else:
            outcome.failed.append((first.audio_file, str(exc)))
        return
    for (job, _), result in zip(loaded, results):
        event = result.to_event(job.audio_file, elapsed=session.view.meta.duration, prompt_id=job.prompt_id,
                                stage=stage)
        session.append(event)
        outcome.done.append(job.audio_file)


def _language(transcriber, language: str | None) -> str | None:
    """The guide's language for Whisper; an English-only model refuses any other, once."""
    if language in (None, "en") or getattr(transcriber, "is_multilingual", True):
        return language
    raise TranscriptionError(
        f"model {transcriber.model_name} is English-only but the guide's language is {language!r}: "
        "transcribe with a multilingual model (e.g. --model small)"
    )
