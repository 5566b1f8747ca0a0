-- How many members of each atom (the registered frame atom_members: respondent_id, atom) gave
-- each value of each measure, with the class a share would be read in:
--   who5             the index (raw x 4, all 5 items answered); class poor (raw < $who5_poor_below) or not
--   who5_depression  1 when the index is at most $who5_depression_max, else 0 (DOMAIN.md "Scoring")
--   item:<code>      the raw answer to a numeric question; class favourable/other for Likert items once
--                    reverse-coded (the "% favourable" a page shows), promoter/passive/detractor
--                    for nps11, the value itself for WHO-5 items
--   score:<measure>  a respondent's unrounded 0..100 score on a Likert dimension (mean of the items
--                    answered, reverse-coded), each working-conditions item on its own
--   choice:<code>    the option chosen, in klass
with members as (
    select respondent_id, atom from atom_members
),

numeric as (
    select m.atom, m.respondent_id, q.code, q.scale, q.dimension, q.reverse, a.value
    from answers as a
    inner join members as m on m.respondent_id = a.respondent_id
    inner join questions as q on q.question_id = a.question_id
    where a.value is not null
),

items as (
    select
        atom,
        'item:' || code as measure,
        value::double as value,
        case
            when scale = 'likert5' and likert_favourable(likert_coded(value, reverse)) then 'favourable'
            when scale = 'likert5' then 'other'
            when scale = 'nps11' then enps_class(value)
            else value::varchar
        end as klass
    from numeric
),

who5 as (
    select atom, who5_index(sum(value), count(*)) as who5_index
    from numeric
    where scale = 'who5'
    group by atom, respondent_id
    having who5_index is not null
),

scores as (
    select
        atom,
        'score:' || case when dimension = 'working_conditions' then code else dimension end as measure,
        dimension_score(avg(likert_coded(value, reverse))) as value
    from numeric
    where scale = 'likert5'
    group by atom, respondent_id, measure
),

choices as (
    select m.atom, 'choice:' || c.question_code as measure, null::double as value, c.choice as klass
    from choices as c
    inner join members as m on m.respondent_id = c.respondent_id
),

values_given as (
    select atom, measure, value, klass from items
    union all
    select atom, 'who5', who5_index,
        case when who5_poor(who5_index, $who5_poor_below) then 'poor' else 'not_poor' end
    from who5
    union all
    select atom, 'who5_depression', who5_likely_depression(who5_index, $who5_depression_max)::integer::double,
        who5_likely_depression(who5_index, $who5_depression_max)::integer::varchar
    from who5
    union all
    select atom, measure, value, value::varchar from scores
    union all
    select * from choices
),

final as (
    select atom, measure, value, klass, count(*)::integer as n
    from values_given
    group by atom, measure, value, klass
)

select * from final
order by atom, measure, value, klass
