"""Tests of breathe/config/, mirroring its modules."""
