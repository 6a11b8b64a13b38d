"""Tests of breathe/core/, mirroring its modules."""
