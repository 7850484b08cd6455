"""App core shared by pages: settings, strings, cached data access and components."""
