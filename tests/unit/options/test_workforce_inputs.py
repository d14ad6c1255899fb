"""The workforce fields a what-if, the sensitivity analysis and the Workforce page move."""

from __future__ import annotations

import pytest

from options.edits import apply_workforce_edit
from options.errors import InputError
from options.examples import load_example
from options.inputs import apply_what_if
from options.model import Change, WhatIf
from options.workforce_inputs import bounds


def _what_if(s, text, **change):
    return apply_what_if(s, WhatIf("x", "", (Change(input=text, **change),)))


def test_in_house_scope_moves_its_retained_staff():
    """The example keeps 40 / 50 / 60 FTE in-house: 55 in scope are 55 retained, inside
    the range (kept); 65 is outside it, so the headcount becomes certain."""
    s = load_example()
    w = _what_if(s, "workforce:in-house:in_scope", value=55.0, has_value=True).option(
        "in-house").workforce  # fmt: skip
    assert (w.in_scope, w.retained, w.in_scope_range) == (55.0, 55.0, (40, 60))
    w = _what_if(s, "workforce:in-house:in_scope", multiply=1.3).option("in-house").workforce
    assert (w.in_scope, w.retained, w.in_scope_range) == (65.0, 65.0, None)


def test_transferring_more_grows_the_scope_up_to_its_range():
    """Flex transfers 50 of 40 / 50 / 60 in scope: 58 transferring makes 58 in scope, none
    redeployed; 61 is more than the 60 who could and is refused, naming the limit."""
    s = load_example()
    w = _what_if(s, "workforce:flex:transferring", value=58.0, has_value=True).option(
        "flex").workforce  # fmt: skip
    assert (w.transferring, w.in_scope, w.redeployed) == (58.0, 58.0, 0.0)
    with pytest.raises(InputError, match="can transfer 0 to 60 FTE"):
        _what_if(s, "workforce:flex:transferring", value=61.0, has_value=True)
    assert bounds(s.option("flex"), "transferring") == (0.0, 60.0)


def test_pension_rate_and_client_are_set_or_scaled():
    s = load_example()
    moved = _what_if(s, "workforce:flex:pension_rate", value=0.287, has_value=True)
    assert moved.option("flex").workforce.pension_rate == 0.287
    moved = _what_if(s, "workforce:flex:client_fte", multiply=2.0)
    assert moved.option("flex").workforce.client_fte == 8.0
    with pytest.raises(InputError, match=r"takes a pension rate from 0 to 1, not 1\.5"):
        _what_if(s, "workforce:flex:pension_rate", value=1.5, has_value=True)
    with pytest.raises(InputError, match="is not a workforce input; write workforce:<option>"):
        _what_if(s, "workforce:flex:salary", value=1.0, has_value=True)


def test_page_edit_applies_scope_then_transfers_and_reads_back():
    """The Workforce page's edit: in-house 45 in scope; Flex 55 transferring (55 in scope)
    at a 28.7% pension rate; each scenario reads back through the loader's checks."""
    s = load_example()
    assert apply_workforce_edit(s, "in-house", in_scope=45.0).option(
        "in-house").workforce.retained == 45.0  # fmt: skip
    w = apply_workforce_edit(s, "flex", transferring=55.0, pension_rate=0.287).option(
        "flex").workforce  # fmt: skip
    assert (w.in_scope, w.transferring, w.pension_rate) == (55.0, 55.0, 0.287)
    with pytest.raises(InputError) as bad:
        apply_workforce_edit(s, "in-house", in_scope=-1.0)
    (p,) = bad.value.problems
    assert p.column == "in_scope" and "needs at least 0 FTE in scope" in p.message
