"""`interviewer rehearse` keeps its interview as a pilot session (and `--no-save` keeps nothing)."""

from pathlib import Path

from interviewer.cli import main
from interviewer.events import Mode
from interviewer.session.store import SessionStore

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "topic_guides" / "commuting.toml"
ANSWERS = ["I take the train, it is about forty minutes door to door.", "It was fine.", ":stop"]


def _answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.txt"
    path.write_text("\n".join(ANSWERS) + "\n", encoding="utf-8")
    return path


def test_rehearsal_is_saved_as_a_pilot_session(tmp_path, capsys):
    sessions = tmp_path / "s"
    assert main(["rehearse", str(GUIDE), "--answers", str(_answers(tmp_path)), "--sessions-dir", str(sessions)]) == 0
    out = capsys.readouterr().out
    store = SessionStore(sessions)
    [summary] = store.list()
    assert f"Saved as pilot session {summary.code}" in out.replace("\n", " ")
    record = store.load(summary.code)
    assert record.view.meta.mode == Mode.PILOT
    assert record.view.meta.status == "stopped"
    answers = [t.text for t in record.view.turns if t.source]
    assert answers == ANSWERS[:2]
    assert record.view.turns[0].prompt_text.strip()


def test_no_save_keeps_nothing(tmp_path, capsys):
    sessions = tmp_path / "s"
    args = ["rehearse", str(GUIDE), "--answers", str(_answers(tmp_path)), "--sessions-dir", str(sessions), "--no-save"]
    assert main(args) == 0
    assert not sessions.exists() or not any(sessions.rglob("journal.jsonl"))
