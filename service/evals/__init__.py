"""Eval suites: loading, metrics and runners for retrieval, answers and drafts."""
