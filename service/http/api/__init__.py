"""The web/API edge: the only part of the service that imports FastAPI."""
