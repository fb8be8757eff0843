"""The persona stage: a Claude agent reviews the diff, grounded in the deterministic findings.

`stage.make_enricher` is the only entry point the CLI needs. Everything here is optional to a
review: under `--llm auto` any failure degrades to the deterministic review plus a note; under
`--llm required` it raises `PersonaError`, which the CLI turns into exit 3.
"""

from __future__ import annotations


class PersonaError(RuntimeError):
    """The AI review could not be produced; the message is one line a user can act on."""


class PersonaConfigError(PersonaError):
    """The AI review is misconfigured (unknown agent, dry-run without a dump dir, bad price)."""
