"""Tests of breathe/cli/, mirroring its modules."""
