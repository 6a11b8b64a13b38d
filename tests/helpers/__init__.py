"""Shared test doubles: one fake clock, one fake set of app services."""
