"""What each figure means, in words a board can use, with its Green Book reference."""

from __future__ import annotations

import pandas as pd

METHOD = """
The appraisal follows HM Treasury's **Green Book**. Money is in £ in the real prices of the
scenario's price base; general inflation is removed with the GDP deflator.

- **Discounting**: the base year is year 0 and is not discounted. Later years are discounted
  at the social time preference rate: 3.5% a year to year 30, then 3.0%, 2.5%, 2.0%, 1.5% and
  1.0% over later bands (Green Book 2018 Table 8). The health schedule starts at 1.5%, and the
  reduced schedule at 3.0%, the 2026 Green Book's sensitivity test for long horizons.
- **Optimism bias**: appraisers are systematically optimistic, so estimates are raised by the
  supplementary guidance's upper bound for the project type, reduced as the causes are
  managed: uplift = max(lower bound, (1 − mitigation) × upper bound). Outsourcing: 41% of
  operating and transition costs; equipment and development: 200% of capital costs.
- **Risk**: each risk in the register costs its probability × the mean of its impact
  (a PERT distribution over low, most likely and high) in each year it may happen. A risk
  transferred to a supplier costs only the premium the supplier charges to carry it.
- **Carbon**: tonnes of CO2e valued at the government's appraisal values (or, for an
  appraisal of 2007-08, Defra's Shadow Price of Carbon).
- **Uncertainty**: the Monte Carlo simulation varies every cost line within its range and lets
  each risk happen or not, thousands of times, giving the range of NPSV (P10-P90), S-curves,
  the chance each option is best, and the net present cost at the chosen confidence level.
- **Concerns**: the concerns raised by staff and unions are scored 0-100 for every option and
  weighted (the MCDA manual's swing weights). Money joins them as one more criterion in the
  overall score. **NPSV leads every verdict**: the Green Book keeps the choice among shortlisted
  options on the social cost-benefit analysis, with the concerns presented beside it.
"""

_ROWS = [
    ("PV costs", "Present value of capital, operating, transition and exit costs.",
     "Green Book 2018 5.55, Table 2"),
    ("PV benefits", "Present value of savings, benefits and residual values.", "Green Book 5.14"),
    ("Optimism bias", "The uplift on costs for systematic optimism, as a present value.",
     "Supplementary guidance: optimism bias, Table 1"),
    ("Risk", "Present value of the expected cost of the risks in the register.",
     "Green Book 2003 5.66; SCIM 2.6.8"),
    ("Carbon", "Present value of the emissions at the appraisal carbon values.",
     "DESNZ 2023; Defra Shadow Price of Carbon 2007"),
    ("NPSV", "Net present social value: PV benefits − PV costs − optimism bias − risk − carbon. "
     "Higher is better.", "Green Book 2018 5.54-5.56"),
    ("NPC", "Net present cost, −NPSV.", ""),
    ("EAC", "Equivalent annual cost: NPC spread evenly over the option's life, to compare "
     "options of unequal lives.", "SCIM A4.9"),
    ("NPC at confidence", "The net present cost that the simulation stays under with the chosen "
     "confidence (e.g. 80%).", "Green Book 2018 A5.21-A5.23"),
    ("P10 / P50 / P90", "NPSV that 10%, 50% and 90% of the simulation's draws fall below.", ""),
    ("Probability best", "Share of draws in which the option has the highest NPSV.", ""),
    ("BCR", "PV benefits ÷ PV of all costs; reported beside NPSV, never instead of it.",
     "Green Book Review 2025"),
    ("IRR", "The discount rate at which the option's extra flows against in-house break even; "
     "shown only for a conventional profile (costs first, then savings).", ""),
    ("Payback year", "First year from which the cumulative discounted saving against in-house "
     "stays positive.", ""),
    ("MCDA score", "Weighted 0-100 score on the staff and union concerns.",
     "MCDA manual (DCLG 2009)"),
    ("Cost per weighted point", "NPC ÷ MCDA score; with the marginal cost per extra point against "
     "the cheapest option and the dominated options flagged.", "SCIM A3.23-A3.24"),
    ("Money score", "100 for the best NPSV, 0 for the worst, linear between.", ""),
    ("Overall score", "Money weight × money score + (1 − money weight) × MCDA score.", ""),
]  # fmt: skip

GLOSSARY = pd.DataFrame(_ROWS, columns=["Figure", "What it means", "Reference"]).set_index("Figure")
