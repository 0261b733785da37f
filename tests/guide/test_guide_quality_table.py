"""The question-quality lint against a table of real interview-guide questions, half of them good.

Precision and recall are printed in the test summary; no good question may be flagged.
"""

from __future__ import annotations

import pytest

from interviewer.guide.quality import assess

GOOD = [
    # Siddals, Torous & Coxon (2024), published main questions
    "Tell me about your first experiences of AI chatbots.",
    "What mental health and wellbeing improvements were you looking for?",
    "What changes did you see in your daily life as a result of those conversations?",
    "What might have made the conversations more helpful for you?",
    "How does the AI chatbot experience compare with other approaches you've experienced for working on "
    "your mental health and wellbeing?",
    # typical questions of health, work and technology studies
    "Can you tell me about a typical day at work?",
    "What does a typical day look like for you?",
    "Could you walk me through what happened on the day you were diagnosed?",
    "How would you describe your relationship with your manager?",
    "What was it like for you when you first moved here?",
    "What, if anything, would you change about the service?",
    "Tell me about the last time you used the app.",
    "How did you come to take part in the programme?",
    "What does being a carer mean to you?",
    "In what ways, if any, has the pandemic changed how you work?",
    "What helped you most during that time?",
    "Who did you turn to for support?",
    "How do you decide which news sources to trust?",
    "What happened between you and your therapist?",
    "What would you say to someone who is thinking of using an AI chatbot for their mental health?",
    "What else would you like to tell me about that we have not talked about?",
    "How did the conversation start?",
    "Could you give me an example from this week?",
    "What made it feel that way?",
    "Tell me about the time you and the chatbot disagreed.",
]

FLAWED = [
    ("What did you like and not like?", "double-barrelled"),
    ("What did you like and dislike about the course?", "double-barrelled"),
    ("How did it affect your productivity and your relationships?", "double-barrelled"),
    ("Tell me about your job and how it affects your family life.", "double-barrelled"),
    ("How many conversations did you have and how long did they last?", "double-barrelled"),
    ("What were the best and worst parts of the programme?", "double-barrelled"),
    ("How did you feel, and what did you do next?", "double-barrelled"),
    ("What are the pros and cons of working from home?", "double-barrelled"),
    ("How has the pandemic affected your work and your family?", "double-barrelled"),
    ("Tell me about your diagnosis and what impact it had on your studies.", "double-barrelled"),
    ("What did you think of the staff and the facilities?", "double-barrelled"),
    ("Do you use the app every day?", "closed-question"),
    ("Did the chatbot help you?", "closed-question"),
    ("Is the service easy to use?", "closed-question"),
    ("Have you ever felt judged by your GP?", "closed-question"),
    ("Would you recommend it to a friend?", "closed-question"),
    ("Don't you think the waiting lists are too long?", "leading"),
    ("How helpful was the support you received?", "leading"),
    ("Surely the training made your job easier?", "leading"),
    ("You must have felt relieved when it ended. What happened next?", "leading"),
    ("Have you tried talking to your manager about it?", "advice"),
    ("You should keep a diary. How would that work for you?", "advice"),
    ("Why didn't you ask for help sooner?", "leading"),
    ("How satisfied were you with the care you received?", "leading"),
    ("What was the hardest and the easiest part of the course?", "double-barrelled"),
]

MIN_RECALL = 0.9


def test_the_table_is_half_good_questions():
    assert abs(len(GOOD) - len(FLAWED)) <= 1


@pytest.mark.parametrize("text", GOOD)
def test_no_good_question_is_flagged(text):
    assert assess(text) == []


def test_precision_and_recall_on_real_questions(record_property):
    flagged_good = [t for t in GOOD if assess(t)]
    caught = [t for t, code in FLAWED if code in {f.code for f in assess(t)}]
    missed = [t for t, code in FLAWED if t not in caught]
    true_pos = len(caught)
    false_pos = len(flagged_good)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / len(FLAWED)
    summary = (f"question-quality lint on {len(GOOD) + len(FLAWED)} real questions ({len(GOOD)} good, "
               f"{len(FLAWED)} flawed): precision {precision:.2f}, recall {recall:.2f}; missed: "
               + ("; ".join(missed) or "none"))
    record_property("lint", summary)
    print(summary)
    assert false_pos == 0, flagged_good
    assert recall >= MIN_RECALL, summary
