"""ai-interviewer: a local terminal voice mock interview."""

__version__ = "0.1.0"
