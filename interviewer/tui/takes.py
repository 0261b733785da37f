"""Pick up an interrupted answer: repair takes a crash left open, and rebuild what the box showed.

Textual-free: the self-interview screen calls these when it opens on a resumed session.
"""

from __future__ import annotations

from pathlib import Path

from interviewer.events import TakeEnded
from interviewer.tui.voice import TakeInfo


def repair_open_takes(controller) -> list[TakeEnded]:
    """Close every spoken take that started but never ended (a kill, a closed window).

    The file's header is repaired in place (audio/repair.py), the take is journalled as ended
    where its audio stops, and the session clock moves past it so later takes never overlap it.
    """
    from interviewer.audio.repair import repair_wav

    folder = controller.session.folder
    ended = []
    for turn in controller.session.view.turns:
        for take in turn.takes:
            if take.kind != "spoken" or take.ended:
                continue
            seconds = 0.0
            path = folder / take.audio_file if take.audio_file else None
            if path is not None and path.is_file():
                seconds = repair_wav(path).seconds
            start = take.audio_start if take.audio_start is not None else take.started
            event = TakeEnded(elapsed=start + seconds, prompt_id=turn.prompt_id, take=take.take,
                              audio_end=start + seconds, duration=seconds, repaired=True)
            controller.session.advance_clock(start + seconds)
            controller.record(event)
            ended.append(event)
    controller.writer.flush()
    return ended


def takes_of(turn, folder: Path) -> list[TakeInfo]:
    """The screen's view of a turn's takes, as the journal has them."""
    return [
        TakeInfo(take=t.take, kind=t.kind, started=t.started, text=t.text,
                 audio_file=t.audio_file, path=folder / t.audio_file if t.audio_file else None,
                 start=t.audio_start, end=t.audio_end, transcribed=t.kind == "typed" or t.transcribed,
                 superseded=t.superseded)
        for t in turn.takes
    ]


def untranscribed(view) -> list[tuple[object, object]]:
    """(turn, take) of every spoken take, superseded ones included, that has no transcript."""
    return [(turn, take) for turn in view.turns for take in turn.takes
            if take.kind == "spoken" and take.audio_file and not take.transcribed]


def box_text(events: list, prompt_id: int) -> str:
    """What the answer box held for a prompt, replayed from its takes, transcripts and edits."""
    box, files, replaced = "", {}, set()
    for event in events:
        if getattr(event, "prompt_id", None) != prompt_id:
            continue
        if event.type == "take":
            if event.kind == "typed":
                box = event.text
            else:
                files[event.audio_file] = event.take
                replaced.update(event.replaces)
                if event.replaces:
                    box = ""
        elif event.type == "transcript" and files.get(event.audio_file) not in replaced:
            text = " ".join(s.text.strip() for s in event.segments if s.text.strip())
            box = f"{box} {text}".strip() if text else box
        elif event.type in ("correction", "draft"):
            box = event.text
    return box
