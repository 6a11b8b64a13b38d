"""Tests of breathe/cli/."""
