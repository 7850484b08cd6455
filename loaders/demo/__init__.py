"""Seeded, realistic demo data for every dataset contract (see loaders.demo.generator.generate)."""
