"""Tests of breathe/history/."""
