"""The results summary the scenario library keeps beside each saved version.

The library (:mod:`options.store`) lists every scenario with its verdict without
appraising anything, so each version is saved with a small summary of its central
case: the option preferred overall (its name, as the list shows it), the preferred
option on each measure (ids), and per option its NPSV, weighted concern score,
overall value and rank. Money is £ in real prices of the price base, numbers as
numbers. It records what the figures were appraised with (discounting, parameter
vintage, Monte Carlo draws and seed); the Monte Carlo figures themselves are left out.
"""

from __future__ import annotations

from typing import Any

from appraisal.results import Results


def library_summary(results: Results) -> dict[str, Any]:
    """The central case's verdict in a JSON-able dict, for :meth:`options.store.Store.save`.

    ``"preferred"`` is the name of the option ranked first overall (NPSV plus the
    priced concern score; the NPSV ranking when no price per point is set), and
    ``"preferred_ids"`` the preferred option on NPSV, on the concerns (MCDA) and
    overall, as in the appraisal's JSON. ``"options"`` keeps the scenario's order.

    Examples
    --------
    >>> from types import SimpleNamespace as N
    >>> r = N(scenario="S", price_base=2008, discounting="green-book", value_per_point=None,
    ...       parameters="green-book-2022", draws=10_000, seed=1, version="0.1",
    ...       preferred=N(npsv="a", mcda=None, overall="a"),
    ...       options=(N(id="a", name="A", npsv=-1.0, mcda_score=None, overall_value=-1.0,
    ...                  rank=1),))
    >>> s = library_summary(r)
    >>> s["preferred"], s["options"][0]["npsv"]
    ('A', -1.0)
    """
    names = {o.id: o.name for o in results.options}
    p = results.preferred
    return {
        "scenario": results.scenario,
        "preferred": names[p.overall],
        "preferred_ids": {"npsv": p.npsv, "mcda": p.mcda, "overall": p.overall},
        "price_base": results.price_base,
        "discounting": results.discounting,
        "value_per_point": results.value_per_point,
        "parameters": results.parameters,
        "draws": results.draws,
        "seed": results.seed,
        "options": [
            {
                "id": o.id,
                "name": o.name,
                "npsv": o.npsv,
                "mcda_score": o.mcda_score,
                "overall_value": o.overall_value,
                "rank": o.rank,
            }
            for o in results.options
        ],
        "software_version": results.version,
    }
