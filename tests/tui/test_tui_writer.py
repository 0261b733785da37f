"""The ordered background journal writer and the text reflow used for guide wording."""

from __future__ import annotations

import threading
import time

from interviewer.tui.text import reflow
from interviewer.tui.writer import JournalWriter


def test_writer_appends_in_order_off_the_calling_thread_and_reports_failures():
    written, threads, errors = [], set(), []

    def append(item):
        if item == "bad":
            raise OSError("disk full")
        time.sleep(0.001)
        threads.add(threading.get_ident())
        written.append(item)

    writer = JournalWriter(append, errors.append)
    for i in range(50):
        writer.put(i if i != 25 else "bad")
    assert writer.flush(5)
    writer.close()
    assert written == [i for i in range(50) if i != 25]
    assert threads and threading.get_ident() not in threads
    assert [str(e) for e in errors] == ["disk full"]


def test_reflow_joins_hard_wrapped_lines_but_keeps_paragraphs_and_lists():
    text = "Thank you for your\ninterest.\n\nYou can:\n- pause\n- skip\nany time."
    assert reflow(text) == "Thank you for your interest.\n\nYou can:\n- pause\n- skip any time."
    assert reflow(None) == ""
