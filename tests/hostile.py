"""The built-in example with markup and scripts in every kind of user text: an option's
name, a cost line's name, a concern's title, who raised it, a rationale, a mitigation, a
risk's name and the scenario's name. Every place that shows user text must show these
as text (never run or render them); tests of the pages, the browser and the exports use
this one scenario."""

from __future__ import annotations

from dataclasses import replace

from options.examples import load_example
from options.model import Scenario

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
LINK = "[click me](javascript:alert(3))"
MARKUP = "**bold** <b>b</b> `code`"
FORMULA = '=HYPERLINK("http://x","y")'
PRINTING = "Printing (fleet, consumables, maintenance)"  # a line no risk or driver names


def hostile_scenario() -> Scenario:
    s = load_example()
    options = tuple(
        replace(o, name=f"Keep in-house {IMG}") if o.id == "in-house" else o for o in s.options
    )
    costs = tuple(
        replace(c, line=f"Printing {LINK}") if (c.option, c.line) == ("in-house", PRINTING) else c
        for c in s.costs
    )
    first, *rest = s.concerns
    concern = replace(
        first,
        title=f"{SCRIPT} data",
        raised_by=LINK,
        rationale=tuple(
            (o, f"{MARKUP} {IMG}" if o == "in-house" else t) for o, t in first.rationale
        ),
        mitigation=tuple((o, f"{FORMULA} {SCRIPT}") for o, _ in first.mitigation),
    )
    return replace(
        s,
        name=f"Hostile {IMG}",
        options=options,
        costs=costs,
        concerns=(concern, *rest),
    )
