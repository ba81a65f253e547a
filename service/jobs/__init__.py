"""Long work as jobs: persistent records (``store``), a Huey queue of job ids (``queue``),
the four kinds (``kinds``), and workers embedded in ``briefing serve`` or run by
``briefing worker`` (``worker``)."""
