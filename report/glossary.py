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
- **Expected values**: every cost line is taken at its expected value, not its most likely
  one: with a range (low, most likely, high multipliers) it is (low + 4 + high) ÷ 6 of the
  most-likely amount, so a £1m line that may cost 0.9 to 1.5 times as much is £1,066,667.
- **Optimism bias**: appraisers are systematically optimistic, so estimates are raised by the
  supplementary guidance's upper bound for the project type, reduced as the causes are
  managed: allowance = max(lower bound, (1 − mitigation) × upper bound). Outsourcing: 41% of
  operating and transition costs; equipment and development: 200% of capital costs. It is
  counted once per line: what a line's range and the risks that name it already add is
  taken off its uplift, down to the lower bound.
- **Risk**: each risk in the register costs its probability × the mean of its impact
  (a PERT distribution over low, most likely and high) in each year it may happen. A risk
  transferred to a supplier costs only the premium the supplier charges to carry it.
- **Carbon**: tonnes of CO2e valued at the government's appraisal values (or, for an
  appraisal of 2007-08, Defra's Shadow Price of Carbon).
- **Uncertainty**: the Monte Carlo simulation varies every cost line within its range and lets
  each risk happen or not, thousands of times, giving net present cost at P50, P80 and P90,
  S-curves, the chance each option is best, and the net present cost at the chosen
  confidence level. Lines that describe the same thing (the same category and name) move
  together across options, so differences between options are not sampling noise.
- **Concerns**: the concerns raised by staff and unions are scored 0-100 for every option and
  weighted (the MCDA manual's swing weights). Money and concerns are traded at a price: the
  overall value is NPSV plus the value of one concerns point times the score. With no value
  set, the verdict says at what value per point the preferred option would change (the
  switching price). **NPSV leads every verdict**: the Green Book keeps the choice among
  shortlisted options on the social cost-benefit analysis, with the concerns presented
  beside it.
- **Sensitivity**: each input is moved alone to find its **switching value**, the value at
  which another option would be preferred (Green Book 2022 5.60), flagged inside or outside
  the range the input could plausibly take; the **tornado** ranks inputs by how far they
  move the difference between two options. **Weight stability** gives the range of each
  concern's share of the weights over which the leader holds (MCDA manual). **Joint
  uncertainty** (SMAA-2) varies money, weights and scores together and reports how often
  each option takes each rank.
"""

_ROWS = [
    ("PV costs", "Present value of capital, operating, transition and exit costs.",
     "Green Book 2018 5.55, Table 2"),
    ("PV benefits", "Present value of savings and benefits (a residual value reduces PV costs "
     "instead).", "Green Book 5.14"),
    ("Optimism bias", "The uplift on costs for systematic optimism, as a present value.",
     "Supplementary guidance: optimism bias, Table 1"),
    ("Risk", "Present value of the expected cost of the risks in the register.",
     "Green Book 2003 5.66; SCIM 2.6.8"),
    ("Carbon", "Present value of the emissions at the appraisal carbon values.",
     "DESNZ 2023; Defra Shadow Price of Carbon 2007"),
    ("NPSV", "Net present social value: PV benefits − PV costs − optimism bias − risk − carbon. "
     "Higher is better.", "Green Book 2018 5.54-5.56"),
    ("NPC", "Net present cost, −NPSV.", ""),
    ("Switching value", "The value an input would need to take for another option to be "
     "preferred; nearest first on the Sensitivity page.", "Green Book 2022 5.60-5.61"),
    ("Rank acceptability", "The share of joint draws of money, weights and scores in which an "
     "option takes each rank (SMAA-2).", "Lahdelma and Salminen (2001)"),
    ("EAC", "Equivalent annual cost: NPC spread evenly over the years the option serves, to "
     "compare options of unequal lives.", "SCIM A4.9"),
    ("NPSV at most-likely estimates", "NPSV with every cost line at its most-likely amount: "
     "the step from a spreadsheet's point estimate to the expected value.",
     "Green Book 2003 5.66"),
    ("NPC at confidence", "The net present cost that the simulation stays under with the chosen "
     "confidence (e.g. 80%).", "Green Book 2018 A5.21-A5.23"),
    ("NPC at P50 / P80 / P90", "Net present cost that 50%, 80% and 90% of the simulation's "
     "draws stay under: a higher P is a more pessimistic cost.", "Green Book 2018 A5.21-A5.23"),
    ("Probability best", "Share of draws in which the option has the highest NPSV.", ""),
    ("BCR", "PV benefits ÷ PV of all costs; reported beside NPSV, never instead of it.",
     "Green Book Review 2025"),
    ("IRR", "The discount rate at which the option's extra flows against in-house break even; "
     "shown only for a conventional profile (costs first, then savings).", ""),
    ("Payback year", "First year from which the cumulative discounted saving against in-house "
     "stays positive; none when the option never costs more than in-house first.", ""),
    ("MCDA score", "Weighted 0-100 score on the staff and union concerns.",
     "MCDA manual (DCLG 2009)"),
    ("Cost per weighted point", "NPC ÷ MCDA score; with the marginal cost per extra point against "
     "the cheapest option and the dominated options flagged.", "SCIM A3.23-A3.24"),
    ("Value of a concerns point", "£ of NPSV one point of weighted concern score is worth, "
     "when the scenario sets one.", ""),
    ("Overall value", "NPSV + value of a concerns point × MCDA score, in £; NPSV itself when no "
     "value is set.", ""),
    ("Switching price", "The value of a concerns point above which an option that scores "
     "higher on the concerns overtakes the NPSV leader: the extra cost per extra point.",
     "Green Book 2018 5.60; SCIM A3.24"),
]  # fmt: skip

GLOSSARY = pd.DataFrame(_ROWS, columns=["Figure", "What it means", "Reference"]).set_index("Figure")
