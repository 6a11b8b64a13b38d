"""Tests of breathe/ui/."""
