"""Demo data: plausible residents' messages with their answers and history, for demos and benchmarks."""
