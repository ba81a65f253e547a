"""Page templates, static files and vendored htmx (package data: service.web)."""
