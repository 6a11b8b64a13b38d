"""Tests of breathe/ui/, mirroring its modules."""
