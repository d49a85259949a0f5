"""The one error of onboarding: a request that cannot be accepted, with a reason safe to show the user."""

from __future__ import annotations


class OnboardingRefused(Exception):
    """The authorization, pick or login cannot be accepted; the message names no secret (the gateway answers 400)."""
