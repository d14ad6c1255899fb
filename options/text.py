"""Folding user text for matching: the one place the package decides when two texts agree.

Three foldings, kept apart on purpose:

- :func:`fold` ignores case, spaces, hyphens and underscores. It matches words
  from a fixed vocabulary (categories, bases, option kinds, column names, true
  and false), where ``"In house"``, ``"in-house"`` and ``"IN_HOUSE"`` are one word.
- :func:`fold_words` ignores case, spaces and all punctuation. It matches names
  that describe the same quantity (cost lines, risks, drivers) across options.
- :func:`fold_case` ignores only case and surrounding spaces. It matches names
  the user chose (option spellings, sheet names), where ``"In house"`` and
  ``"in-house"`` may be two different options.

Pure Python, so that the data model can import it without pulling in pandas.
"""

from __future__ import annotations

from functools import lru_cache


def fold(text: object) -> str:
    """``text`` as a key that ignores case, spaces, hyphens and underscores.

    >>> fold(" In_House "), fold("in-house"), fold("No tes")
    ('inhouse', 'inhouse', 'notes')
    """
    return "".join(ch for ch in str(text).strip().lower() if ch not in " -_")


@lru_cache(maxsize=1 << 16)  # a file of 200,000 rows repeats a few thousand names
def fold_words(text: str) -> str:
    """``text`` as a key that ignores case, spaces and punctuation: names of lines, risks
    and drivers that describe the same thing ("Data-centre (hosting)" = "data centre hosting").

    >>> fold_words(" Data-centre (hosting) "), fold_words("data centre hosting")
    ('datacentrehosting', 'datacentrehosting')
    """
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def fold_case(text: str) -> str:
    """``text`` as a key that ignores case and surrounding spaces only.

    >>> fold_case(" Flex "), fold_case("In house") == fold_case("in-house")
    ('flex', False)
    """
    return text.strip().casefold()
