"""Small services over the operating system: paths, atomic writes, signals, keep-awake."""
