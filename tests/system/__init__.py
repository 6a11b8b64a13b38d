"""Tests of breathe/system/, mirroring its modules."""
