"""Fault tests against the vendors' APIs through the emulators' fault injection; all marked `fault`."""
