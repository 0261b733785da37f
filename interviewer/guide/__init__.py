"""Topic guides: the model, loading with precise errors, checks, rendering."""

from interviewer.guide.check import check_guide, check_guide_text
from interviewer.guide.loader import load_guide
from interviewer.guide.model import Condition, Guide, Probe, Question, Theme
from interviewer.guide.problems import CheckReport, Problem

__all__ = ["CheckReport", "Condition", "Guide", "Probe", "Problem", "Question", "Theme", "check_guide",
           "check_guide_text", "load_guide"]
