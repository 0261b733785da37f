"""Terminal rendering of sessions with rich: the listing table and a readable transcript."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from interviewer.export.common import INTERVIEWER, minutes_seconds, speaker_runs, spoken_after
from interviewer.session.markers import note_words
from interviewer.session.records import SessionSummary
from interviewer.session.view import SessionView, Turn

STATUS_STYLES = {
    "completed": "green",
    "in_progress": "cyan",
    "interrupted": "yellow",
    "stopped": "magenta",
    "withdrawn": "red",
    "consent_refused": "red",
    "unreadable": "bold red",
}


def sessions_table(summaries: list[SessionSummary]) -> Table:
    """The `sessions list` table (the study column only when sessions come from several guides)."""
    columns, rows, title = _listing(summaries)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True,
                  title=title, title_justify="left")
    for column in columns:
        # On a narrow terminal the long values fold onto a second line instead of being cut to
        # "genai-men…"; short fixed-width ones never wrap.
        table.add_column(column, justify="right" if column in ("length", "turns") else "left",
                         no_wrap=column in ("code", "mode", "length", "turns"), overflow="fold")
    for s, cells in zip(summaries, rows):
        status = Text(s.status.replace("_", " "), style=STATUS_STYLES.get(s.status, ""))
        if s.redacted:
            status.append(" +redacted", style="dim")
        cells[columns.index("status")] = status
        table.add_row(*cells)
    return table


def sessions_plain(summaries: list[SessionSummary]) -> str:
    """The listing as plain aligned text with every value whole (for pipes, logs and scripts)."""
    columns, rows, title = _listing(summaries)
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    lines = [f"study {title[len('study '):]}"] if title else []
    for cells in [columns, *rows]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(cells, widths)).rstrip())
    return "\n".join(lines) + "\n"


def _listing(summaries: list[SessionSummary]) -> tuple[list[str], list[list[str]], str | None]:
    """Column names, one row of plain cells per session, and the title (the study, when only one)."""
    guides = {_guide(s) for s in summaries}
    single = len(guides) == 1
    columns = ["code", "study / guide", "mode", "status", "started", "length", "turns", "transcribed"]
    rows = []
    for s in summaries:
        started = s.started_at.astimezone().strftime("%Y-%m-%d %H:%M") if s.started_at else ""
        status = s.status.replace("_", " ") + (" +redacted" if s.redacted else "")
        rows.append([
            s.code, _guide(s), s.mode.value if s.mode else "", status, started,
            minutes_seconds(s.duration) if s.status != "unreadable" else "", str(s.turns) if s.turns else "",
            s.transcription,
        ])
    if single:
        columns.remove("study / guide")
        for cells in rows:
            del cells[1]
    return columns, rows, f"study {guides.pop()}" if single else None


def _guide(summary: SessionSummary) -> str:
    return f"{summary.study_id} v{summary.guide_version}" if summary.guide_version else summary.study_id


def transcript(view: SessionView) -> RenderableType:
    """The whole interview as a readable transcript, with flags, notes and corrections marked."""
    meta = view.meta
    lines: list[RenderableType] = [_header(view)]
    if view.preamble_text.strip():
        speech = view.preamble_text  # the latest correction, else what was heard
        lines.append(Text.assemble(("Before the first question (recording): ", "dim"), speech))
    theme = None
    recorded = bool(view.recording)
    for elapsed, _, item in _timeline(view):
        if isinstance(item, Turn):
            if item.theme_id != theme:
                theme = item.theme_id
                lines.append(Rule(Text(item.theme_title or item.theme_id, style="bold")))
            lines.extend(_turn(item, recorded, view.meta.recording_origin or 0.0))
        else:
            lines.append(Text.assemble((f"[{minutes_seconds(elapsed)}] ", "dim"), item))
    if meta.ended_at is None and meta.status in ("interrupted", "in_progress"):
        lines.append(Text(f"— {meta.status.replace('_', ' ')}: the session has not ended —", style="yellow"))
    return Group(*lines)


def _header(view: SessionView) -> RenderableType:
    meta = view.meta
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    rows = [
        ("Participant", meta.code + (f" ({meta.pseudonym})" if meta.pseudonym else "")),
        ("Study", f"{meta.study_title or meta.study_id} — guide {meta.study_id} v{meta.guide_version}"),
        ("Mode", meta.mode.value),
        ("Status", meta.status.replace("_", " ") + (" — redacted copy" if meta.redacted else "")),
        ("Started", meta.started_at.astimezone().strftime("%Y-%m-%d %H:%M")),
        ("Duration", minutes_seconds(meta.duration)),
    ]
    if meta.interviewer:
        rows.append(("Interviewer", meta.interviewer))
    if meta.consent:
        agreed = ", ".join(meta.consent.agreed) or "none"
        declined = f"; declined: {', '.join(meta.consent.declined)}" if meta.consent.declined else ""
        rows.append(("Consent", f"agreed: {agreed}{declined}"))
    if meta.model:
        language = f" ({meta.language})" if meta.language else ""
        rows.append(("Transcribed", f"{meta.engine} {meta.model}{language}"))
    for name, value in rows:
        grid.add_row(name, value)
    return grid


def _turn(turn: Turn, recorded: bool, origin: float = 0.0) -> list[RenderableType]:
    who = turn.question_id + (f" · probe {turn.probe_id} ({turn.probe_kind})" if turn.kind == "probe" else "")
    out: list[RenderableType] = [Text.assemble(
        (f"[{minutes_seconds(turn.asked_at)}] ", "dim"), ("Interviewer", "bold blue"), (f" ({who})", "dim"), ": ", turn.prompt_text
    )]
    if not spoken_after(turn):  # nothing said (or noted): no empty "Participant" line
        pending = recorded and not turn.transcribed
        out.append(Text("    (recorded; not transcribed yet)" if pending else "    (no answer)", style="dim italic"))
        return out
    label = "Participant (noted by researcher)" if turn.source == "researcher" and not turn.segments else "Participant"
    for who, segments in speaker_runs(turn, label):
        start = segments[0].start + origin if segments else turn.answer_started or turn.asked_at
        text = " ".join(s.text.strip() for s in segments) if segments else turn.text
        style = "bold blue" if who == INTERVIEWER else "bold green"
        out.append(Text.assemble((f"[{minutes_seconds(start)}] ", "dim"), (who, style), ": ", text))
    if turn.corrections:
        last = turn.corrections[-1]
        note = f"    ✎ corrected by {last.by}; original: "
        out.append(Text.assemble((note, "yellow"), (turn.original_text, "dim strike")))
    if turn.source == "spoken" and not turn.transcribed:
        out.append(Text("    (spoken; not transcribed yet)", style="dim italic"))
    out.extend(_takes(turn))
    return out


def _takes(turn: Turn) -> list[RenderableType]:
    """An answer's takes when there were several, replaced ones marked (their audio is kept)."""
    if len(turn.takes) < 2 and not any(t.superseded or t.repaired for t in turn.takes):
        return []
    out: list[RenderableType] = []
    for take in turn.takes:
        where = f" {take.audio_file} at {minutes_seconds(take.audio_start)}" if take.audio_file else ""
        notes = [n for n, on in (("replaced, not used", take.superseded),
                                 ("recovered after the app was closed", take.repaired)) if on]
        head = f"    take {take.take} ({take.kind}{where}{'; ' + '; '.join(notes) if notes else ''}): "
        out.append(Text.assemble((head, "dim"), (take.text or "(no words)", "dim strike" if take.superseded else "dim")))
    return out


def _timeline(view: SessionView) -> list[tuple[float, int, object]]:
    """Turns and everything flagged around them, in time order."""
    items: list[tuple[float, int, object]] = [(t.asked_at, 1, t) for t in view.turns]
    for note in view.notes:
        line = f"✎ note: {note.text}" if note.type == "note" else f"◆ marker {note_words(note)}"
        items.append((note.elapsed, 2, Text(line, style="cyan")))
    for flag in view.distress:
        where = f" during {flag.question_id}" if flag.question_id else ""
        text = f"⚑ distress flag ({flag.trigger}){where} — support step offered"
        items.append((flag.elapsed, 2, Text(text, style="bold red")))
    for choice in view.support_choices:
        text = f"⚑ support step: participant chose {choice.choice.replace('_', ' ')}"
        items.append((choice.elapsed, 2, Text(text, style="red")))
    for skip in view.skips:
        what = skip.question_id + (f"/{skip.probe_id}" if skip.probe_id else "")
        items.append((skip.elapsed, 2, Text(f"↷ skipped {what} (by {skip.by}): {skip.reason}", style="magenta")))
    for drop in view.drops:
        items.append((drop.elapsed, 2, Text(f"✂ dropped {drop.question_id} for time: {drop.reason}", style="magenta")))
    for pause in view.pauses:
        items.append((pause.elapsed, 2, Text("‖ paused" if pause.type == "pause" else "▶ resumed", style="dim")))
    for gap in view.gaps:
        items.append((gap.elapsed, 2, Text(f"⚠ {gap.duration:.1f} s of audio lost ({gap.reason})", style="yellow")))
    items.sort(key=lambda item: (item[0], item[1]))
    return items


def print_transcript(view: SessionView, console: Console | None = None) -> None:
    """Print a session's transcript to the terminal."""
    (console or Console()).print(transcript(view))
