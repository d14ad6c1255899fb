"""The built-in example: ONS and the Cabinet Office's Public Sector Flex (decided 2007).

``ons_flex.json`` is the scenario; ``SOURCES.md`` beside it gives the source or the
marked assumption behind every figure.
"""

from __future__ import annotations

from pathlib import Path

from options.model import Scenario

EXAMPLE_PATH = Path(__file__).with_name("ons_flex.json")
SOURCES_PATH = Path(__file__).with_name("SOURCES.md")


def load_example() -> Scenario:
    """The validated built-in example scenario."""
    from options.scenario_file import load_scenario

    return load_scenario(EXAMPLE_PATH)
