"""Views of one page each, named after the page they serve (clearance, fresh_produce, rail_tir,
seafood_lab, policies, training, about_data) and the presenter's start screen (rehearsal): they
draw with the shared components and are called only by their page.

May import: dashboard.components, dashboard.models, dashboard.policies, dashboard.training, the
app core modules of dashboard/ and loaders.
"""
