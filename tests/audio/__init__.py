"""Tests of breathe/audio/."""
