"""Topic guides: the model, loading with precise errors, checks, rendering."""

from interviewer.guide.loader import load_guide
from interviewer.guide.model import Condition, Guide, Probe, Question, Theme

__all__ = ["Condition", "Guide", "Probe", "Question", "Theme", "load_guide"]
