"""reviewer: static code review for pull requests, with an optional backend-engineer persona."""

__version__ = "0.1.0"
