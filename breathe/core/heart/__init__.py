"""The heart follows the breath: strap packets, beats, their cleaning and figures, a simulated
strap, RR files and the resonance sweep. Pure and stdlib only, so every figure is testable on
synthetic beats and costs nothing when no heart source is used."""
