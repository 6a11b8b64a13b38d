"""Audio cues behind one small interface.

- `cues`: which cue marks which phase, and loading the WAVs (built-in or the user's own)
- `mixer`: the sample mixer behind the session-long output stream
- `player`: `open_player()` and the miniaudio, simpleaudio, bell and off players
- `listener`: `AudioCues`, the session listener that plays them
- `options`: the command line's `--audio`/`--volume` and plain mode's set-up

Importing this package loads no sound library; `open_player()` does, when called.
"""
