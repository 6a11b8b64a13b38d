"""Tests of breathe/history/, mirroring its modules."""
