"""Tests of breathe/config/."""
