"""Tools that generate parts of the docs site from the code (``python -m tools.docs_pages``)."""
