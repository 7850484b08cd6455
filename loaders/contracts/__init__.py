"""The dataset contracts: what each dataset is (table, grain, fields with their aliases and
accepted values, row rules), one module per dataset (clearance, fresh_produce, seafood_lab,
rail_train, tir_trip, indicator_series), the shape they share (contract), their shared vocabulary
(vocab, freight_fields, timing) and the registry of all of them in page order (datasets).

May import: loaders.content and the shared modules (loaders.constants, loaders.paths,
loaders.settings, loaders.safe_csv).
"""
