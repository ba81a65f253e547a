"""Prompt templates, option archetypes and the agenda catalogue (package data: service.prompts)."""
