"""What is shown, without drawing it: an indicator card's values and words (card_model), the
"About the data" tables (contract_tables), value axes for their readers (chart_numbers), which
published figures go on a chart (published), what an exported file says about itself
(provenance), what a card compares each period with (comparisons) and each split group's own
baseline (split_baseline). Tested without a page.

May import: the app core modules of dashboard/ and loaders.
"""
