"""The one owner of protection (DESIGN.md): what a survey wave may publish, and nothing else.

- :mod:`.atoms` cuts a wave into atoms, disjoint groups of at least k respondents over every
  dimension a user can select;
- :mod:`.build` stores each wave's atoms and their answers' frequencies (``ensure``), keeping an
  open wave's figures still until k new people have joined;
- :mod:`.figures` answers any selection with the union of the atoms wholly inside it;
- :mod:`.rules` holds the thresholds (k, 2k for homogeneity, 10 for comments);
- :mod:`.audit` proves, from everything published, that no person's answer and no group under k
  can be worked out;
- :mod:`.multiple` controls the false discoveries of each family of tests shown together.

Views read survey figures only through this package (docs/privacy.md).
"""

from mututrack.publication import multiple, rules
from mututrack.publication.figures import POOLED, WavePublication, histograms, load, summarise

__all__ = [
    "POOLED",
    "WavePublication",
    "histograms",
    "load",
    "multiple",
    "rules",
    "summarise",
]
