"""Eval suites and their thresholds (package data: service.suites)."""
