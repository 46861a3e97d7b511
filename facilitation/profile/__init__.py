"""Charity profiles: schema, validation and defaults (pure)."""

from facilitation.profile.schema import load_profile, tailoring_context

__all__ = ["load_profile", "tailoring_context"]
