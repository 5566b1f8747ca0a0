-- The outcomes and levers of each respondent of wave $wave who stands in the wave's publication
-- (publication_members), for the key-driver analysis (publication/drivers.py); never leaves the
-- publication layer. One row per respondent and measure:
--   who5             the index (raw x 4, only when all 5 items are answered; DOMAIN.md "Scoring")
--   enps             the 0..10 answer to the recommendation question
--   score:<lever>    the unrounded 0..100 score of a Likert dimension (mean of the items answered,
--                    reverse-coded), each working-conditions axis on its own: the heatmap's measures
--   item:<code>      the raw answer to a Likert item, reverse-coded
with members as (
    select respondent_id from publication_members where wave = $wave
),

numeric as (
    select a.respondent_id, q.code, q.scale, q.dimension, q.reverse, a.value::double as value
    from answers as a
    inner join members as m on m.respondent_id = a.respondent_id
    inner join questions as q on q.question_id = a.question_id
    where a.value is not null
),

who5 as (
    select respondent_id, 'who5' as measure, who5_index(sum(value), count(*)) as value
    from numeric
    where scale = 'who5'
    group by respondent_id
    having who5_index(sum(value), count(*)) is not null
),

enps as (
    select respondent_id, 'enps' as measure, value from numeric where code = 'enps'
),

likert as (
    select respondent_id, code, dimension, likert_coded(value, reverse) as value
    from numeric
    where scale = 'likert5' and dimension <> 'overall'
),

scores as (
    select
        respondent_id,
        'score:' || case when dimension = 'working_conditions' then code else dimension end as measure,
        dimension_score(avg(value)) as value
    from likert
    group by respondent_id, measure
),

final as (
    select * from who5
    union all
    select * from enps
    union all
    select * from scores
    union all
    select respondent_id, 'item:' || code, value from likert
)

select * from final
order by respondent_id, measure
