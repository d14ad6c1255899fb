"""Hypothesis profiles for the fuzz tests of the loaders (registered by tests/conftest.py).

``make test`` runs each fuzz test with a few dozen generated inputs (the suite's time
budget); ``make fuzz`` runs ``pytest tests/fuzz --hypothesis-profile=fuzz``, the count
each test states (2,100 cost files and 2,100 scenario documents in all). The fuzz
profile keeps no example database, so every run is new inputs; ``make fuzz`` prints
hypothesis's statistics (the cases run, their times and outcomes).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

FUZZ_EXAMPLES = 2_000  # inputs a fuzz test in the fuzz profile, unless it says fewer
QUICK_EXAMPLES = 30  # inputs a fuzz test in the default profile (``make test``)
_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile(
    "fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=_SLOW_DATA,
)


def cases(quick: int = QUICK_EXAMPLES, full: int = FUZZ_EXAMPLES) -> settings:
    """A fuzz test's settings: ``full`` inputs under ``make fuzz``, else ``quick``.

    No deadline (a loaded 2-core machine makes per-example deadlines flaky); the time of
    a whole run is bounded by ``make fuzz`` itself (``timeout``) and each worst-case
    input's time by the limits' tests.
    """
    if settings.get_current_profile_name() == "fuzz":
        return settings(settings.get_profile("fuzz"), max_examples=full)
    return settings(max_examples=quick, deadline=None, suppress_health_check=_SLOW_DATA)
