"""Pilot report (Markdown): how a guide fared across its rehearsal sessions.

Time on a question runs from its main prompt to the next main prompt (or the session's end),
so it includes its probes and answers. Statistics are over the sessions that reached the item:
median and range. The projected length adds up the median times of every question; probes that
never or always fired, questions skipped, never reached or asked twice, and the testers'
clarity and relevance ratings (medians, 1–5) and comments are listed per question.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median

from interviewer.export.common import minutes_seconds
from interviewer.export.markdown import escape
from interviewer.export.matrix import question_order
from interviewer.guide.model import Guide
from interviewer.session.view import SessionView


def question_times(view: SessionView) -> dict[str, float]:
    """Seconds spent on each main question of one session (repeats added up)."""
    mains = [t for t in view.turns if t.kind == "question"]
    end = max([view.meta.duration] + [t.answer_ended or t.asked_at for t in view.turns])
    times: dict[str, float] = defaultdict(float)
    for i, turn in enumerate(mains):
        until = mains[i + 1].asked_at if i + 1 < len(mains) else end
        times[turn.question_id] += max(0.0, until - turn.asked_at)
    return dict(times)


def _span(values: list[float]) -> str:
    if not values:
        return "—"
    return (
        f"{minutes_seconds(median(values))} ({minutes_seconds(min(values))}–{minutes_seconds(max(values))})"
    )


def _median(values: list[int]) -> str:
    return f"{median(values):g}" if values else "—"


def pilot_report(views: list[SessionView], guide: Guide | None = None) -> str:
    """The Markdown pilot report for these sessions (usually the pilot sessions of one guide)."""
    questions = question_order(views, guide)
    per_session = [question_times(v) for v in views]
    title = guide.study.title if guide is not None else (views[0].meta.study_id if views else "guide")
    out = [f"# Pilot report: {escape(title)}", ""]
    modes = sorted({str(v.meta.mode) for v in views})
    out.append(f"{len(views)} session(s) ({', '.join(modes) or 'none'}); times are m:ss, median (range).")
    out.append("")
    if not views:
        return "\n".join(out + ["_No sessions to report on._", ""])
    out += _timing(views, questions, per_session, guide)
    out += _probes(views, guide)
    out += _flow(views, questions)
    out += _ratings(views, questions)
    return "\n".join(out).rstrip("\n") + "\n"


def _timing(views, questions, per_session, guide) -> list[str]:
    out = [
        "## Time per question",
        "",
        "| Theme | Question | Sessions | Time | Planned |",
        "|---|---|---|---|---|",
    ]
    planned_q = {q.id: q.minutes for _, q in guide.questions()} if guide else {}
    projected, unreached = 0.0, []
    for theme, qid, _ in questions:
        values = [times[qid] for times in per_session if qid in times]
        plan = f"{planned_q[qid]:g} min" if planned_q.get(qid) else "—"
        out.append(f"| {escape(theme)} | `{qid}` | {len(values)} | {_span(values)} | {plan} |")
        if values:
            projected += median(values)
        else:
            unreached.append(qid)
    out += ["", "## Time per theme", "", "| Theme | Sessions | Time | Planned |", "|---|---|---|---|"]
    themes: dict[str, list[str]] = defaultdict(list)
    for theme, qid, _ in questions:
        themes[theme].append(qid)
    planned_t = {t.title: t.minutes for t in guide.themes} if guide else {}
    for theme, qids in themes.items():
        values = [sum(t[q] for q in qids if q in t) for t in per_session if any(q in t for q in qids)]
        plan = f"{planned_t[theme]:g} min" if planned_t.get(theme) else "—"
        out.append(f"| {escape(theme)} | {len(values)} | {_span(values)} | {plan} |")
    durations = [v.meta.duration for v in views]
    out += ["", "## Projected interview length", ""]
    out.append(f"- Sum of the median time of every question: **{minutes_seconds(projected)}**")
    out.append(f"- Pilot sessions took {_span(durations)}")
    if guide is not None and guide.planned_minutes():
        out.append(f"- The guide plans {guide.planned_minutes():g} min")
    if unreached:
        out.append(f"- Not timed (no pilot reached them): {', '.join(f'`{q}`' for q in unreached)}")
    return out + [""]


def _probes(views, guide) -> list[str]:
    asked: dict[str, int] = defaultdict(int)
    fired: dict[tuple[str, str], int] = defaultdict(int)
    for view in views:
        asked_here = {t.question_id for t in view.turns if t.kind == "question"}
        for qid in asked_here:
            asked[qid] += 1
        for pair in {(t.question_id, t.probe_id) for t in view.turns if t.kind == "probe" and t.probe_id}:
            fired[pair] += 1
    probes = [(q.id, p.id) for _, q in guide.questions() for p in q.probes] if guide else sorted(fired)
    never = [f"`{q}/{p}`" for q, p in probes if asked[q] and not fired[(q, p)]]
    always = [f"`{q}/{p}`" for q, p in probes if asked[q] and fired[(q, p)] >= asked[q]]
    out = ["## Probes", ""]
    out.append(f"- Never fired: {', '.join(never) or 'none'}")
    out.append(f"- Always fired: {', '.join(always) or 'none'}")
    if guide is None:
        out.append("- (Without the guide, probes that never fired cannot be listed.)")
    rows = [f"| `{q}/{p}` | {fired[(q, p)]} of {asked[q]} |" for q, p in probes if asked[q]]
    if rows:
        out += ["", "| Probe | Fired |", "|---|---|"] + rows
    return out + [""]


def _flow(views, questions) -> list[str]:
    out = ["## Skipped, not reached and repeated questions", ""]
    lines = []
    for _, qid, _ in questions:
        notes = _question_flow(views, qid)
        if notes:
            lines.append(f"- `{qid}`: {'; '.join(notes)}")
    support = sum(len(v.distress) for v in views)
    out += lines or ["- Every question was asked once in every session."]
    out += [f"- Support steps offered: {support}", ""]
    return out


def _question_flow(views: list[SessionView], qid: str) -> list[str]:
    """What went unusually with one question across the sessions."""
    notes = []
    skips = {id(v): [s for s in v.skips if s.question_id == qid and s.probe_id is None] for v in views}
    mains = {id(v): [t for t in v.turns if t.kind == "question" and t.question_id == qid] for v in views}
    skipped = sum(len(found) for found in skips.values())
    if skipped:
        by = ", ".join(sorted({s.by for found in skips.values() for s in found}))
        notes.append(f"skipped {skipped}× (by {by})")
    unreached = sum(1 for v in views if not mains[id(v)] and not skips[id(v)])
    repeated = sum(1 for t in mains.values() if len(t) > 1 or any(x.wording == "repeat" for x in t))
    rephrased = sum(1 for t in mains.values() if any(x.wording == "alternative" for x in t))
    counted = ((unreached, "not reached in"), (repeated, "asked again in"), (rephrased, "rephrased in"))
    for count, what in counted:
        if count:
            notes.append(f"{what} {count}")
    return notes


def _ratings(views, questions) -> list[str]:
    ratings = [(v.meta.code, r) for v in views for r in v.ratings]
    out = ["## Testers' ratings and comments", ""]
    if not ratings:
        return out + ["_No ratings were given._", ""]
    out += ["| Question | Ratings | Clarity | Relevance |", "|---|---|---|---|"]
    comments = []
    for _, qid, _ in questions:
        mine = [r for _, r in ratings if r.question_id == qid]
        if not mine:
            continue
        clarity = [r.clarity for r in mine if r.clarity is not None]
        relevance = [r.relevance for r in mine if r.relevance is not None]
        out.append(f"| `{qid}` | {len(mine)} | {_median(clarity)} | {_median(relevance)} |")
        comments += [
            f"- `{qid}` ({code}): {escape(' '.join(r.comment.split()))}"
            for code, r in ratings
            if r.question_id == qid and r.comment.strip()
        ]
    out += ["", "### Comments", ""] + (comments or ["_No comments._"])
    return out + [""]
