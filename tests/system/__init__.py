"""Tests of breathe/system/."""
