"""Tests of breathe/core/."""
