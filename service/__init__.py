"""Briefing Desk: cited Q&A and options-paper drafting over a Japan-DPRK corpus.

The flow, one module a step: load -> chunk -> embed -> store -> retrieve -> compose
-> cite -> verify -> draft -> edit -> export. The web/API edge lives in
``service.http.api`` and is the only place that imports FastAPI.
"""

__version__ = "0.1.0"
