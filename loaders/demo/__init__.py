"""Seeded, realistic demo data for every dataset contract (see loaders.demo.generator.generate).

May import: loaders.contracts, loaders.content and the shared modules (loaders.constants,
loaders.paths, loaders.settings, loaders.safe_csv).
"""
