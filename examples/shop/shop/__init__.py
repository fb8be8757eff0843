"""A small order service used as the reviewer's demo repository."""
