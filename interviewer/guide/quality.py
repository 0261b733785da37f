"""Question-quality heuristics after Kallio et al. (2016): open, neutral, single, short, no advice."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.guide.graph import question_locs
from interviewer.guide.model import Guide
from interviewer.guide.problems import Collector, Locator, Problem

QUESTION_WORDS = 30
PROBE_WORDS = 20
ACK_WORDS = 8

_AUX = (r"do|does|did|is|are|was|were|am|have|has|had|can|could|would|will|should|shall|may|might"
        r"|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|haven't|hasn't|can't|couldn't|won't|wouldn't")
_WH = r"how|what|why|when|where|who|which"
_SUBJECT = (r"you|it|they|that|this|there|he|she|we|i|the|a|an|my|your|their|any|anyone|anything|someone"
            r"|something|people|other|others")
# "Could you tell me about…" is a polite request for an open answer, not a yes/no question.
_POLITE = r"(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|describe|explain|talk|walk|say|give|share|expand|elaborate|think of|help me understand)\b"
_CLOSED = re.compile(rf"^(?:so|and|now|then|ok|okay)?[,\s]*(?!{_POLITE})({_AUX})\s+({_SUBJECT})\b", re.IGNORECASE)
# A second direct question: "and what did you…", "and how long did they…", "or did it…", "and what happened".
_SECOND_CLAUSE = re.compile(
    rf"\b(?:and|or|but)\s+(?:(?:{_WH})(?:\s+\w+)?\s+(?:{_AUX})\s+(?:{_SUBJECT})\b|(?:{_AUX})\s+(?:{_SUBJECT})\b)"
    rf"|\band\s+(?:what|who|which)\s+\w+ed\b", re.IGNORECASE)
# Two things to weigh in one question: "like and dislike", "the best and worst parts".
_OPPOSITES = re.compile(
    r"\b((?:like|liked|enjoy|enjoyed|love|loved)\s+(?:and|or)\s+(?:not\s+|didn'?t\s+|don'?t\s+|did not\s+|dis)"
    r"(?:like|liked|enjoy|enjoyed|love|loved)"
    r"|(?:best|most)\s+and\s+(?:the\s+)?(?:worst|least)|good\s+and\s+bad|pros\s+and\s+cons"
    r"|positives?\s+and\s+negatives?|strengths\s+and\s+weaknesses|advantages\s+and\s+disadvantages"
    r"|helpful\s+(?:and|or)\s+unhelpful)\b"
    r"|\band\s+(what|which)\s+(?:you|they)\s+(?:didn'?t|did not|don'?t|do not)\b", re.IGNORECASE)
# Two objects each with their own determiner: "your productivity and your relationships".
_DET = r"your|their|his|her|our|the"
_NOUN = r"(?!(?:you|i|we|they|he|she|it|me|us|them)\b)\w+"  # "the time you and the chatbot…" is one thing
_TWO_OBJECTS = re.compile(rf"\b(?:{_DET})\s+(?:{_NOUN}\s+){{0,2}}?{_NOUN}\s+(?:and|or)\s+(?:{_DET})\s+\w+",
                          re.IGNORECASE)
# A question about an effect tacked on: "… and how it affects …", "… and what impact it had".
_AND_EFFECT = re.compile(
    r"\band\s+how\s+(?:it|that|this|they|these|those|he|she|you|we)\s+(?:\w+\s+)?"
    r"(?:affect|impact|influenc|chang|shap)\w*"
    r"|\band\s+(?:what|the|its|their)\s+(?:effects?|impacts?|influences?)\b", re.IGNORECASE)
_LEADING = [
    re.compile(r"(?:^|[.?!,]\s*)((?:don't|doesn't|didn't|isn't|aren't|wasn't|weren't|wouldn't|won't|haven't"
               r"|hasn't|can't|couldn't|shouldn't)\s+(?:you|it|they|we|that|this|there)\b)", re.IGNORECASE),
    re.compile(r"\b(surely|obviously|of course|you must have|i'?m sure (?:you|that|it)|everyone (?:knows|agrees)"
               r"|agree that|isn't it true)\b", re.IGNORECASE),
    re.compile(r"\b(how (?:much|well) (?:do|did|does|would) (?:you|they|it) (?:enjoy|like|love|appreciate|value"
               r"|benefit|help))", re.IGNORECASE),
    re.compile(r"\b(why (?:didn't|don't|doesn't|haven't|hasn't|wouldn't|weren't|wasn't|isn't|aren't|can't|couldn't)"
               r" (?:you|they|he|she|we))\b", re.IGNORECASE),
    re.compile(r"\b(how (?:great|good|wonderful|amazing|helpful|useful|bad|awful|terrible|hard|difficult"
               r"|frustrating|annoying|beneficial|valuable|important|worrying|upsetting|satisfied|happy|pleased)"
               r" (?:was|were|is|are))\b",
               re.IGNORECASE),
]
_ADVICE = re.compile(
    r"\b((?<!think )you should|you could try|maybe you could|have you tried|have you considered|why don't you"
    r"|why not try|it (?:might|may|could|would|will) help (?:to|if)|i (?:would )?(?:suggest|recommend|advise)"
    r"|(?<!do )(?<!did )(?<!would )(?<!will )you (?:need|ought) to|my advice)\b"
    r"|(?:^|[.!?]\s+)(try (?:to|and|talking|writing|using)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One quality concern about a piece of wording: a short code and why it matters."""

    code: str
    reason: str


def assess(text: str, role: str = "question") -> list[Finding]:
    """Return the quality findings for a question's (role='question') or probe's (role='probe') text."""
    findings: list[Finding] = []
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]
    for sentence in sentences:
        if (m := _CLOSED.match(sentence.strip("\"'“‘ "))):
            opening = f"{m.group(1)} {m.group(2)}".capitalize()
            findings.append(Finding("closed-question", f"closed question (starts '{opening}…') invites a "
                                    "yes/no answer; ask 'How…', 'What…' or 'Tell me about…'"))
            break
    marks = text.count("?")
    if marks >= 2:
        findings.append(Finding("double-barrelled", f"asks {marks} questions at once ({marks} question "
                                "marks); ask one thing per turn"))
    elif (m := _SECOND_CLAUSE.search(text) or _AND_EFFECT.search(text)):
        findings.append(Finding("double-barrelled", f"asks two questions in one ('{m.group(0)}…' starts a "
                                "second question); split it, or make the second part a probe"))
    elif (m := _OPPOSITES.search(text)):
        findings.append(Finding("double-barrelled", f"asks about two opposite things at once ('{m.group(0)}'); "
                                "ask about one, and the other as a probe"))
    elif (m := _TWO_OBJECTS.search(text)):
        findings.append(Finding("double-barrelled", f"asks about two things at once ('{m.group(0)}'); ask "
                                "about one, and the other as a probe"))
    for pattern in _LEADING:
        if (m := pattern.search(text)):
            findings.append(Finding("leading", f"leading wording ('{m.group(1)}') suggests the answer; "
                                    "ask neutrally, e.g. 'What do you think about…?'"))
            break
    limit = QUESTION_WORDS if role == "question" else PROBE_WORDS
    words = len(text.split())
    if words > limit:
        findings.append(Finding("too-long", f"very long ({words} words; keep a {role} under {limit}): "
                                "long questions are hard to follow aloud"))
    if (m := _ADVICE.search(text)):
        phrase = m.group(1) or m.group(2)
        findings.append(Finding("advice", f"gives advice ('{phrase}'): a {role} should invite the participant "
                                "to say more, not suggest what to do"))
    return findings


def quality_problems(guide: Guide, locator: Locator) -> list[Problem]:
    """Return a warning for every quality finding in the guide's questions and probes."""
    out = Collector(locator)
    for loc, theme, q in question_locs(guide):
        for finding in assess(q.text, "question"):
            out.warning(finding.code, f"question '{q.id}': {finding.reason}", loc + ("text",))
        if q.alternative:
            for finding in assess(q.alternative, "question"):
                out.warning(finding.code, f"question '{q.id}' (alternative): {finding.reason}",
                            loc + ("alternative",))
        for pi, probe in enumerate(q.probes):
            for finding in assess(probe.text, "probe"):
                out.warning(finding.code, f"probe '{probe.id}' of question '{q.id}': {finding.reason}",
                            loc + ("probes", pi, "text"))
        if q.sensitive and theme is guide.themes[0]:
            out.warning("sensitive-early", f"question '{q.id}' is sensitive but in the first theme; open "
                        "with easy, general questions and move sensitive ones later", loc + ("sensitive",))
    for i, cue in enumerate(guide.settings.acknowledgements):
        for finding in assess_acknowledgement(cue):
            out.warning(finding.code, f"acknowledgement {i + 1}: {finding.reason}", ("settings", "acknowledgements", i))
    return out.problems


_PRAISE = re.compile(r"\b(great|excellent|perfect|well done|good (?:answer|point|job)|brilliant|amazing|wonderful"
                     r"|right|correct|wrong)\b", re.IGNORECASE)


def assess_acknowledgement(text: str) -> list[Finding]:
    """Return findings for a listening cue: short, no question, no advice, no judgement of the answer."""
    findings = []
    if "?" in text:
        findings.append(Finding("acknowledgement", "asks a question; an acknowledgement is a listening cue "
                                "said before the next question"))
    if len(text.split()) > ACK_WORDS:
        findings.append(Finding("acknowledgement", f"is {len(text.split())} words long; keep it under "
                                f"{ACK_WORDS + 1} words"))
    if (m := _PRAISE.search(text)):
        findings.append(Finding("acknowledgement", f"judges the answer ('{m.group(1)}'); acknowledge that it "
                                "was heard, not how good it was"))
    if (m := _ADVICE.search(text)):
        findings.append(Finding("advice", f"gives advice ('{m.group(1) or m.group(2)}'); an acknowledgement "
                                "only shows the participant was heard"))
    return findings
