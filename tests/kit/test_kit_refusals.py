"""Every refusal is one line, exit 2, and leaves the sessions directory as it was."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.kit.kitfile import build_kit, read_kit, write_kit
from interviewer.kit.rehearsal import rehearse_kit

ANSWERS = ["Every morning I brew coffee slowly and read the paper by the window for an hour",
           "Breakfast is usually porridge with honey and a sliced banana, eaten standing up",
           "In the evening I walk along the canal towpath with my neighbour and her old dog",
           "Weekends feel slower because I visit the market and cook a long lunch for friends",
           "I would add that routines matter to me because they keep my week calm and steady"]


@pytest.fixture
def sealed(tmp_path: Path, kit_file: Path) -> Path:
    """One sealed session of the kit, made by its rehearsal."""
    done = rehearse_kit(read_kit(kit_file), ANSWERS, tmp_path / "plain", tmp_path / "sealed")
    return done.sealed


def _refused(capsys, argv: list[str], research: Path, expected: str, lines: int = 1) -> str:
    """Run a command that must fail with one line per refusal, the first containing `expected`,
    and import nothing."""
    before = sorted(p.name for p in research.iterdir()) if research.exists() else []
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == lines and expected in err.splitlines()[0], err
    after = sorted(p.name for p in research.iterdir()) if research.exists() else []
    assert after == before  # nothing imported, no staging folder left
    return err


def _import(files, key: Path, research: Path) -> list[str]:
    return ["sessions", "import", *map(str, files), "--identity", str(key), "--sessions-dir", str(research)]


def test_tampered_file_is_refused(tmp_path, sealed, keys, capsys):
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "tampered.sealed-interview"
    bad.write_bytes(bytes(data))
    _refused(capsys, _import([bad], keys[1], tmp_path / "research"), tmp_path / "research", "damaged or altered")


def test_re_sealed_file_whose_contents_do_not_match_the_manifest_is_refused(tmp_path, sealed, keys, capsys):
    import pyrage

    from interviewer.kit.envelope import wrap
    from interviewer.kit.importing import open_sealed
    from interviewer.kit.keys import read_identity, read_recipient
    from interviewer.kit.sealing import pack

    opened = open_sealed(sealed, read_identity(keys[1]))
    files = dict(opened.files)
    files["journal.jsonl"] = files["journal.jsonl"].replace(b"porridge", b"pancakes")
    forged = pyrage.encrypt(pack(opened.manifest, files), [pyrage.x25519.Recipient.from_str(read_recipient(keys[0]))])
    bad = tmp_path / "forged.sealed-interview"
    bad.write_bytes(wrap(forged))
    _refused(capsys, _import([bad], keys[1], tmp_path / "research"), tmp_path / "research",
             "tampered: journal.jsonl does not match its SHA-256")


@pytest.mark.parametrize("keep", [10, 200, 0.5])
def test_truncated_file_is_refused(tmp_path, sealed, keys, capsys, keep):
    data = sealed.read_bytes()
    cut = data[: int(len(data) * keep)] if isinstance(keep, float) else data[:keep]
    bad = tmp_path / "truncated.sealed-interview"
    bad.write_bytes(cut)
    _refused(capsys, _import([bad], keys[1], tmp_path / "research"), tmp_path / "research", "truncated")


def test_duplicate_is_refused_and_a_batch_is_all_or_nothing(tmp_path, sealed, keys, kit_file, capsys):
    research = tmp_path / "research"
    assert main(_import([sealed], keys[1], research)) == 0
    capsys.readouterr()
    _refused(capsys, _import([sealed], keys[1], research), research, "duplicate: already imported as")
    other = rehearse_kit(read_kit(kit_file), ANSWERS, tmp_path / "plain2", tmp_path / "sealed2").sealed
    # a good file beside the duplicate is not imported either
    err = _refused(capsys, _import([other, sealed], keys[1], research), research, "duplicate", lines=2)
    assert err.splitlines()[1] == "interviewer: 1 of 2 files refused; nothing was imported"
    _refused(capsys, _import([other, other], keys[1], tmp_path / "fresh"), tmp_path / "fresh",
             "duplicate: the same session as", lines=2)


def test_every_refused_file_gets_its_own_line(tmp_path, sealed, keys, capsys):
    cut = tmp_path / "cut.sealed-interview"
    cut.write_bytes(sealed.read_bytes()[:-100])
    err = _refused(capsys, _import([cut, tmp_path / "missing.sealed-interview", sealed], keys[1],
                                   tmp_path / "research"), tmp_path / "research", "truncated", lines=3)
    assert "missing.sealed-interview: no such file" in err.splitlines()[1]
    assert err.splitlines()[2].endswith("2 of 3 files refused; nothing was imported")


def test_wrong_key_is_refused(tmp_path, sealed, capsys):
    assert main(["study", "keygen", "--out", str(tmp_path / "other")]) == 0
    capsys.readouterr()
    _refused(capsys, _import([sealed], tmp_path / "other" / "research-team.key", tmp_path / "research"),
             tmp_path / "research", "not sealed for this key")


def test_public_key_given_as_identity_is_refused(tmp_path, sealed, keys, capsys):
    _refused(capsys, _import([sealed], keys[0], tmp_path / "research"), tmp_path / "research",
             "not an age private key")


def test_session_begun_after_the_kit_expired_is_refused(tmp_path, keys, capsys, kit_tools):
    from interviewer.kit.keys import read_recipient

    kit = build_kit(kit_tools.MINI_GUIDE, read_recipient(keys[0]), contact="team@example.org",
                    expires=date(2026, 1, 31))
    later = datetime(2026, 2, 2, 10, 0, tzinfo=timezone.utc)
    with pytest.raises(Exception, match="expired on 2026-01-31"):
        rehearse_kit(kit, ANSWERS, tmp_path / "plain", tmp_path / "sealed", clock=lambda: later)
    # a participant whose app did not check (an older copy, a wrong clock): import still refuses
    from interviewer.engine.rehearsal import run_rehearsal
    from interviewer.events import Mode
    from interviewer.kit.sealing import seal_session
    from interviewer.session.store import SessionStore

    guide = kit.load_guide()
    session = SessionStore(tmp_path / "plain").create(guide, None, Mode.SELF, clock=lambda: later)
    run_rehearsal(guide, ANSWERS, on_event=session.append, mode=Mode.SELF)
    session.close()
    sealed = seal_session(session.folder, kit, tmp_path / "sealed", now=later)
    _refused(capsys, _import([sealed], keys[1], tmp_path / "research"), tmp_path / "research",
             "the kit expired on 2026-01-31 but this session began on 2026-02-02")


def test_expired_kit_cannot_be_joined_or_rehearsed(tmp_path, keys, capsys, kit_tools):
    from interviewer.kit.keys import read_recipient

    kit = build_kit(kit_tools.MINI_GUIDE, read_recipient(keys[0]), contact="team@example.org",
                    expires=date.today() - timedelta(days=1))
    path = write_kit(kit, tmp_path / "kits")
    _refused(capsys, ["join", str(path), "--sessions-dir", str(tmp_path / "p")], tmp_path / "p", "expired on")
    answers = tmp_path / "a.txt"
    answers.write_text("fine\n")
    _refused(capsys, ["rehearse", "--kit", str(path), "--answers", str(answers), "--sealed-out",
                      str(tmp_path / "s"), "--sessions-dir", str(tmp_path / "p")], tmp_path / "p", "expired on")
    assert not (tmp_path / "s").exists()


def test_kit_needs_a_guide_that_passes_strict_and_a_public_key(tmp_path, keys, capsys, kit_tools):
    weak = tmp_path / "weak.toml"
    weak.write_text(kit_tools.MINI_GUIDE.read_text().replace(
        "What does a usual morning look like for you?", "Do you like mornings?"))
    assert main(["study", "kit", str(weak), "--recipient", str(keys[0]), "--out", str(tmp_path / "k"),
                 "--contact", "x@example.org"]) == 2
    err = capsys.readouterr().err
    assert "weak.toml:42:1: error: question 'morning': closed question" in err  # a warning, failed by --strict
    assert not (tmp_path / "k").exists()
    _refused(capsys, ["study", "kit", str(kit_tools.MINI_GUIDE), "--recipient", str(keys[1]), "--out",
                      str(tmp_path / "k"), "--contact", "x@example.org"], tmp_path / "k", "holds a private key")


def test_altered_or_foreign_kit_file_is_refused(tmp_path, kit_file, capsys):
    text = kit_file.read_text()
    altered = tmp_path / "altered.interviewkit"
    altered.write_text(text.replace("What does a usual morning look like for you?",
                                    "What did you have for dinner last night?"))
    _refused(capsys, ["join", str(altered), "--sessions-dir", str(tmp_path / "p")], tmp_path / "p",
             "the kit was altered")
    extra = tmp_path / "extra.interviewkit"
    extra.write_text(text + '\nsurprise = "yes"\n')
    _refused(capsys, ["join", str(extra), "--sessions-dir", str(tmp_path / "p")], tmp_path / "p",
             "not a usable study kit: surprise")


def test_keygen_never_overwrites(tmp_path, keys, capsys):
    _refused(capsys, ["study", "keygen", "--out", str(keys[0].parent)], keys[0].parent, "already exists")


@pytest.mark.parametrize("extra, expected", [
    ([], "--kit needs --answers FILE and --sealed-out DIR"),
    (["--interactive"], "--kit takes no GUIDE and no --interactive"),
])
def test_rehearse_kit_usage_errors(tmp_path, kit_file, capsys, extra, expected):
    _refused(capsys, ["rehearse", "--kit", str(kit_file), *extra, "--sessions-dir", str(tmp_path / "p")],
             tmp_path / "p", expected)


def test_purge_removes_what_a_crashed_import_left(tmp_path, capsys):
    research = tmp_path / "research"
    left = research / ".importing-0123456789ab"
    (left / "audio").mkdir(parents=True)
    (left / "journal.jsonl").write_text("plain participant words\n")
    assert main(["sessions", "purge", "--before", "2000-01-01", "--yes", "--sessions-dir", str(research)]) == 0
    assert not left.exists()


def test_a_kit_cannot_name_a_folder_outside_its_own(tmp_path, kit_file, capsys):
    import re

    bad = tmp_path / "escape.interviewkit"
    bad.write_text(re.sub(r'kit_id = "[0-9a-f]+"', 'kit_id = "../../elsewhere"', kit_file.read_text()))
    _refused(capsys, ["join", str(bad)], tmp_path, "not a usable study kit: kit_id")


def test_an_expired_kit_still_finishes_an_interview_begun_in_time(tmp_path, keys, kit_tools):
    import asyncio

    from interviewer.events import Mode
    from interviewer.kit.keys import read_recipient
    from interviewer.session.store import SessionStore

    kit = build_kit(kit_tools.MINI_GUIDE, read_recipient(keys[0]), contact="team@example.org",
                    expires=date.today() - timedelta(days=1))
    path = write_kit(kit, tmp_path / "kits")
    participant = tmp_path / "p"
    SessionStore(participant).create(kit.load_guide(), None, Mode.SELF).close(None)  # interrupted
    app = kit_tools.join_app(path, participant, tmp_path / "sealed")  # no refusal: it can be resumed
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "KitStartScreen"
                                     and bool(app.screen.interrupted))
            await pilot.press("b")  # a new one may not start
            await pilot.pause(0.3)
            seen["after_begin"] = kit_tools.screen(app)
            await pilot.press("r")
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "SelfInterviewScreen")

    asyncio.run(scenario())
    assert seen["after_begin"] == "KitStartScreen"
