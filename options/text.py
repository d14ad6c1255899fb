"""Folding user text for matching: the one place the package decides when two texts agree.

Two foldings, kept apart on purpose:

- :func:`fold` ignores case, spaces, hyphens and underscores. It matches words
  from a fixed vocabulary (categories, bases, option kinds, column names, true
  and false), where ``"In house"``, ``"in-house"`` and ``"IN_HOUSE"`` are one word.
- :func:`fold_case` ignores only case and surrounding spaces. It matches names
  the user chose (option spellings, sheet names), where ``"In house"`` and
  ``"in-house"`` may be two different options.

Pure Python, so that the data model can import it without pulling in pandas.
"""

from __future__ import annotations


def fold(text: object) -> str:
    """``text`` as a key that ignores case, spaces, hyphens and underscores.

    >>> fold(" In_House "), fold("in-house"), fold("No tes")
    ('inhouse', 'inhouse', 'notes')
    """
    return "".join(ch for ch in str(text).strip().lower() if ch not in " -_")


def fold_case(text: str) -> str:
    """``text`` as a key that ignores case and surrounding spaces only.

    >>> fold_case(" Flex "), fold_case("In house") == fold_case("in-house")
    ('flex', False)
    """
    return text.strip().casefold()
