"""interviewer: a semi-structured interview bot for qualitative research."""

__version__ = "0.1.0"
