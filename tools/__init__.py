"""Developer tooling (benchmarks, sample files). The app never imports it; it may import loaders."""
