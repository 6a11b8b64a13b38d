"""Audio cues behind one small interface.

- `cues`: which cue marks which phase, and loading the WAVs (built-in or the user's own)
- `mixer`: the sample mixer behind the session-long output stream
- `player`: `open_player()`, opening in the background, and the `Player` interface; the
  backends are `miniaudio_player`, `simpleaudio_player`, `bell` (the terminal bell) and
  `backend` (what they share, and the silent player)
- `score` and `guide`: the guide layer, what it plays when and the synthesiser that renders it
  (from the wavetables in `waveforms`)
- `listener`: `AudioCues`, the session listener that plays them
- `soundcheck`: `breathe sound test`; `status`: the header's words about sound
- `quiet`: keeping ALSA's messages off the terminal

The command line's `--audio`/`--volume` options live in `breathe.cli`. Importing this package
loads no sound library; `open_player()` does, when called.
"""
