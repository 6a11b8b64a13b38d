"""breathe: a guided breathing coach for the terminal."""

# Static, and read by hatch at build time ([tool.hatch.version]): asking importlib.metadata
# at run time cost about 40 ms of every start-up.
__version__ = "0.1.0"
