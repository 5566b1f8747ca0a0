"""The synthetic demo territory: a fictitious intercommunality, its communes, agents, projects and surveys.

Deterministic for a given seed (one ``numpy.random.default_rng(seed)`` drawn in a fixed order) and
vectorised: arrays are drawn per table, never row by row; loops run over entities, projects, waves
or events only. Everything is written inside one transaction under one ``imports`` row of status
``demo``, so that the first real import removes it exactly.

The story the dashboard must reveal (dates are real calendar dates around ``TODAY``):

- *Mutualisation RH et finances* (decided March 2026) involves its agents months before the
  decision, in workshops and immersions mixing the EPCI and the communes: early involvement ≈ 70 %.
- *Mutualisation voirie et informatique* (decided June 2026) informs its agents mostly afterwards,
  each employer on its own: early involvement ≈ 15 %, few cross-employer meetings, charter steps
  late or overdue; its agents' WHO-5 and job security dip at the decision wave (2026-T2), then recover.
- *Mutualisation de la commande publique* is decided within the next 30 days with low early
  involvement (the alert); medium and large add an older, well-run *droit des sols* project.

Missing survey answers are omitted rows of ``answers`` (never a NULL value), as an import of a
blank cell does.

One module per subject, each drawing its tables as DataFrames: ``territory`` (the calendar, the
scales, the entities), ``people`` (agents, careers, proposals), ``events`` (projects, charter steps,
consultation events, attendance), ``surveys`` (waves, respondents, answers, comments); ``write``
draws them in order and stores them in one transaction (:func:`generate`).
"""

from mututrack.demo.events import EVENT_KINDS
from mututrack.demo.people import CAREER_KINDS
from mututrack.demo.territory import SCALES, TODAY, build_entities
from mututrack.demo.write import DEMO_TABLES, generate

__all__ = ["generate", "SCALES", "TODAY", "DEMO_TABLES", "EVENT_KINDS", "CAREER_KINDS", "build_entities"]
