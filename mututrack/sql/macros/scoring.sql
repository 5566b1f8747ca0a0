-- The survey's scoring rules (DOMAIN.md "Scoring"), defined once for every query that applies
-- them (publication_*.sql). Created again each time the store opens (store_schema.py): changing a
-- formula is an edit of this file, never a migration. The cut-offs themselves are numbers of
-- metrics/qvt.py, passed in, which the charts and texts state too.

-- who5_index(raw, items): the WHO-5 index 0..100, the raw sum x 4, only when all 5 items are
-- answered (null otherwise). Never "(raw - 5) x 4".
create or replace macro who5_index(raw, items) as case when items = 5 then raw * 4.0 end;

-- who5_poor(who5_index, poor_below): poor well-being, a raw score under `poor_below` (13), which is
-- an index under `poor_below` x 4 (index <= 48).
create or replace macro who5_poor(who5_index, poor_below) as who5_index < poor_below * 4;

-- who5_likely_depression(who5_index, depression_max): an index at most `depression_max` (28).
create or replace macro who5_likely_depression(who5_index, depression_max) as who5_index <= depression_max;

-- likert_coded(value, reverse): a Likert answer 1..5, flipped (6 - x) for a reverse-coded item, as
-- every aggregate takes it.
create or replace macro likert_coded(value, reverse) as case when reverse then 6 - value else value end;

-- likert_favourable(coded): a reverse-coded Likert answer counted in "% favourable" (4 or 5).
create or replace macro likert_favourable(coded) as coded >= 4;

-- dimension_score(mean): a mean of reverse-coded Likert answers (1..5) on the 0..100 scale.
create or replace macro dimension_score(mean) as (mean - 1) / 4 * 100;

-- enps_class(value): the class of a 0..10 recommendation answer: promoter 9-10, passive 7-8,
-- detractor 0-6 (eNPS = % promoters - % detractors).
create or replace macro enps_class(value) as
    case when value >= 9 then 'promoter' when value >= 7 then 'passive' else 'detractor' end;
