"""Components: functions that receive frames and dataclasses and draw; they never query.

May import: dashboard.models, dashboard.policies, dashboard.training, the app core modules of
dashboard/ and loaders.
"""
