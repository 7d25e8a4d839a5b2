"""Shared test settings."""

import os

from hypothesis import HealthCheck, settings

# No deadline: CI machines are slow and timing is the benchmark's job, not the tests'.
settings.register_profile("default", deadline=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, max_examples=300,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")
