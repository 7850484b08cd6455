"""What is shown, without drawing it: an indicator card's values and words (card_model), the
"About the data" tables (contract_tables), value axes for their readers (chart_numbers), which
published figures go on a chart (published) and what an exported file says about itself
(provenance). Tested without a page.

May import: the app core modules of dashboard/ and loaders.
"""
