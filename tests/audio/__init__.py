"""Tests of breathe/audio/, mirroring its modules."""
