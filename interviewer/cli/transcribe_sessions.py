"""`interviewer transcribe CODE`: a session's answers, what is missing, all again (--force), or a final pass."""

from __future__ import annotations

from pathlib import Path

from interviewer.cli.common import open_store
from interviewer.errors import TranscriptionError


def looks_like_code(text: str) -> bool:
    """True for a participant code (P-7K3QX, any case, P- optional) or a session folder name."""
    from interviewer.session.codes import normalise_code, parse_folder_name

    return normalise_code(text) is not None or bool(parse_folder_name(text))


def session_has_work(args, code: Path, label: str) -> bool:
    """True when the session has audio to transcribe (any with --force, without a final transcript
    by the model with --final, else without any); says so when it has none."""
    from interviewer.transcribe.session_jobs import pending_jobs

    record = open_store(args).load(str(code))
    if args.engine == "server":
        from interviewer.transcribe.server_engine import check_server_allowed

        try:
            check_server_allowed(record.guide, args.server_url)  # before the server is even contacted
        except TranscriptionError as exc:
            raise TranscriptionError(f"{record.code}: {exc}") from None
    jobs, already = pending_jobs(record, force=args.force, final_model=label if args.final else None)
    if not jobs:
        what = f"with a final pass by {label}" if args.final else ""
        print(f"{record.code}: nothing to transcribe ({already} already transcribed{what and ' ' + what})",
              flush=True)
    return bool(jobs)


def transcribe_sessions(args, codes: list[Path], transcriber, console) -> int:
    """Transcribe each session; several at once for the server engine (it bounds the requests).
    Returns how many items failed."""
    workers = min(getattr(transcriber, "max_in_flight", 1), len(codes))
    if workers <= 1:
        return sum(transcribe_session(args, code, transcriber, console) for code in codes)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(lambda code: transcribe_session(args, code, transcriber, console), codes))


def transcribe_session(args, code: Path, transcriber, console) -> int:
    """Transcribe what one session lacks (or all of it, or a final pass); return how many failed."""
    from interviewer.transcribe.session_jobs import transcribe_session

    store = open_store(args)

    def show(job, number: int, total: int) -> None:
        console.print(f"{code}: {number}/{total} {job.audio_file}", markup=False, highlight=False)

    try:
        outcome = transcribe_session(store, str(code), transcriber, on_job=show, force=args.force,
                                     stage="final" if args.final else "live")
    except TranscriptionError as exc:  # the whole session cannot be done (wrong model for it)
        console.print(f"interviewer: {code}: {exc}", markup=False, soft_wrap=True)
        return 1
    for audio_file, why in outcome.failed:
        console.print(f"interviewer: {outcome.code}: {audio_file}: {why}", markup=False, soft_wrap=True)
    if outcome.done:
        final = f" (final pass with {transcriber.model_name})" if args.final else ""
        print(f"{outcome.code}: transcribed {len(outcome.done)} item(s) into the session{final}", flush=True)
    elif not outcome.failed:
        print(f"{outcome.code}: nothing to transcribe ({outcome.already} already transcribed)", flush=True)
    return len(outcome.failed)
