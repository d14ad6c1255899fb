"""Option names in a cost file, reconciled with a scenario's options, never guessed.

A finance team writes ``In house``, ``In-House `` and ``in-house`` for one option,
and ``BAU``, ``PSF`` or ``Alternative supplier`` for options a scenario calls
otherwise. Names are matched after folding case, spaces, hyphens and punctuation
(:func:`options.text.fold_words`) against each option's id, name and aliases; a
name that is still only *similar* to one (a fuzzy score of at least 85, the
initials of a run of its words, or both names being in-house spellings), or to
another name in the same file, is listed with every candidate, none preselected,
and is not merged until the user confirms: a mapping to an option, or "new".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from options.errors import InputError, Problem, Reason
from options.model import Option
from options.text import fold_words

SIMILAR = 85  # rapidfuzz WRatio at or above which two names are similar
NEW = "new"  # a mapping's target that makes the name a new option
IN_HOUSE = frozenset({"inhouse", "bau", "businessasusual", "keepinhouse"})


def _initials(name: str) -> set[str]:
    """The initials of every run of two or more words of a name (``PSF`` of "Public
    Sector Flex"), folded.

    >>> sorted(_initials("Public Sector Flex"))
    ['ps', 'psf', 'sf']
    """
    words = [w for w in "".join(c if c.isalnum() else " " for c in name).split() if w]
    return {
        "".join(w[0] for w in words[i:j]).lower()
        for i in range(len(words))
        for j in range(i + 2, len(words) + 1)
    }


def similar(a: str, b: str) -> bool:
    """Whether two names that do not fold equal may mean the same option.

    >>> similar("Flexx", "flex"), similar("PSF", "Public Sector Flex"), similar("BAU", "in-house")
    (True, True, True)
    >>> similar("Mutual", "in-house"), similar("Staff", "flex")
    (False, False)
    """
    fa, fb = fold_words(a), fold_words(b)
    if not fa or not fb or fa == fb:
        return False
    if fa in IN_HOUSE and fb in IN_HOUSE:
        return True
    if fa in _initials(b) or fb in _initials(a):
        return True
    return fuzz.WRatio(a, b, processor=utils.default_process) >= SIMILAR


def keys(o: Option) -> set[str]:
    """The folded spellings that name an option exactly: its id, name and aliases."""
    return {fold_words(t) for t in (o.id, o.name, *o.aliases)} - {""}


@dataclass(frozen=True, slots=True)
class Unsettled:
    """A name in a file that is only similar to options (or other names): the user says."""

    name: str
    candidates: tuple[str, ...]  # option ids, then other names in the file


@dataclass(frozen=True, slots=True)
class Reconciled:
    """Each spelling in a file, resolved: to an option id, or to a new option."""

    spelling: dict[str, str]  # folded spelling -> the first spelling in the file
    to_option: dict[str, str]  # folded spelling -> option id
    new: tuple[str, ...]  # folded spellings that become new options
    unsettled: tuple[Unsettled, ...]
    confirmed: dict[str, str]  # spelling -> option id, by the user's mapping (aliases)


def reconcile(
    names: Iterable[str],
    options: Iterable[Option] = (),
    mapping: Mapping[str, str] | None = None,
) -> Reconciled:
    """Resolve the names a file writes against the options a scenario has.

    ``mapping`` (from ``--map`` and ``--new-option``, or the app's table) maps a
    file spelling to an option id or name, or to :data:`NEW`; spellings are
    compared folded.
    """
    options = tuple(options)
    spelling: dict[str, str] = {}
    for name in names:
        spelling.setdefault(fold_words(name), name.strip())
    wanted = {fold_words(k): v for k, v in (mapping or {}).items()}
    exact = {k: o.id for o in options for k in keys(o)}
    to_option, new, unsettled, confirmed = {}, [], [], {}
    for key, text in spelling.items():
        if key in wanted:
            target = _target(wanted[key], options, text)
            if target == NEW:
                new.append(key)
            else:
                to_option[key] = target
                confirmed[text] = target
        elif key in exact:
            to_option[key] = exact[key]
        elif candidates := _candidates(text, key, options, spelling):
            unsettled.append(Unsettled(text, candidates))
        else:
            new.append(key)
    return Reconciled(spelling, to_option, tuple(new), tuple(unsettled), confirmed)


def reconcile_alone(
    names: Iterable[str], mapping: Mapping[str, str] | None = None
) -> tuple[dict[str, str], tuple[Unsettled, ...]]:
    """The names of a file with no scenario: folded spelling -> the spelling of its option.

    Spellings that fold equal are one option (the first spelling names it). Two that
    are only similar stay apart only when the user said so: ``mapping`` maps a
    spelling to another spelling of the file, or to :data:`NEW` (its own option);
    a similar pair that neither side of the mapping mentions is unsettled.

    >>> groups, unsettled = reconcile_alone(["In house", "In-House ", "Flex"])
    >>> groups, unsettled
    ({'inhouse': 'In house', 'flex': 'Flex'}, ())
    >>> [u.name for u in reconcile_alone(["In house", "BAU"])[1]]
    ['In house', 'BAU']
    >>> reconcile_alone(["In house", "BAU"], {"BAU": "In house"})[0]
    {'inhouse': 'In house', 'bau': 'In house'}
    """
    spelling: dict[str, str] = {}
    for name in names:
        spelling.setdefault(fold_words(name), name.strip())
    wanted = {fold_words(k): v for k, v in (mapping or {}).items()}
    groups = {}
    for key, text in spelling.items():
        target = wanted.get(key)
        if target is None or fold_words(target) == NEW:
            groups[key] = text
        elif fold_words(target) in spelling:
            groups[key] = spelling[fold_words(target)]
        else:
            listed = ", ".join(f"'{t}'" for t in spelling.values())
            message = f"'{text}={target}': the file has no option '{target}'; its names: {listed}"
            raise InputError([Problem("--map", None, None, target, Reason.UNKNOWN_OPTION, message)])
    unsettled = []
    for key, text in spelling.items():
        if key in wanted:
            continue
        near = [o for k, o in spelling.items() if k not in (key, *wanted) and similar(text, o)]
        if near:
            unsettled.append(Unsettled(text, tuple(near)))
    return {k: groups[k] for k in spelling}, tuple(unsettled)


def _candidates(
    text: str, key: str, options: tuple[Option, ...], spelling: dict[str, str]
) -> tuple[str, ...]:
    """Options, then other names of the file, that ``text`` is similar to."""
    found = [o.id for o in options if any(similar(text, t) for t in (o.id, o.name, *o.aliases))]
    found += [other for k, other in spelling.items() if k != key and similar(text, other)]
    return tuple(dict.fromkeys(found))


def _target(wanted: str, options: tuple[Option, ...], text: str) -> str:
    """The option id a mapping names (by id, name or alias, folded), or NEW."""
    if fold_words(wanted) == NEW:
        return NEW
    for o in options:
        if fold_words(wanted) in keys(o):
            return o.id
    listed = ", ".join(o.id for o in options) or "none"
    message = f"'{text}={wanted}': no option '{wanted}'; options: {listed}, or 'new'"
    raise InputError([Problem("--map", None, None, wanted, Reason.UNKNOWN_OPTION, message)])


def unsettled_error(
    file: str,
    found: tuple[Unsettled, ...],
    rows: Mapping[str, int] | None = None,
    alone: bool = False,
) -> InputError:
    """A refusal naming each near-match and the flags that settle it, at the first row
    that writes the name (``rows``); ``alone``: the file makes a scenario by itself, so
    the near-matches are other names in the file."""
    problems = []
    for u in found:
        near = ", ".join(f"'{c}'" for c in u.candidates)
        names = "another name" if len(u.candidates) == 1 else "other names"
        said = (
            f"is similar to {names} in the file, {near}"
            if alone
            else f"is not in the scenario but is similar to {near}"
        )
        message = (
            f"option '{u.name}' {said}: to merge it, add --map \"{u.name}={u.candidates[0]}\" "
            f'(or another option); to keep it apart, --new-option "{u.name}"'
        )
        row = (rows or {}).get(u.name)
        problems.append(Problem(file, row, "option", u.name, Reason.SIMILAR_OPTION, message))
    return InputError(problems)


def parse_maps(maps: Iterable[str], new: Iterable[str]) -> dict[str, str]:
    """``--map "A=b"`` (split at the first ``=``) and ``--new-option NAME`` as a mapping.

    >>> parse_maps(["Alternative supplier=alternative", "x=y=z"], ["Mutual"])
    {'Alternative supplier': 'alternative', 'x': 'y=z', 'Mutual': 'new'}
    """
    out: dict[str, str] = {}
    for m in maps:
        name, sep, target = m.partition("=")
        if not sep or not name.strip() or not target.strip():
            message = f'--map "{m}" should be "NAME IN THE FILE=option id"'
            raise InputError([Problem("--map", None, None, m, Reason.UNKNOWN_VALUE, message)])
        out[name.strip()] = target.strip()
    out |= {n.strip(): NEW for n in new}
    return out
