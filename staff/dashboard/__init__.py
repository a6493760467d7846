"""The platform dashboard: needs, presentations, hires and solutions, in aggregate."""
