-- How many respondents reached each score (0..100) on each measure, per wave and cell of the
-- entity x category cube (null = all): the frequency tables behind means and Mann-Whitney tests.
-- Measures: 'who5' (the index, all 5 items answered), each item of the working-conditions
-- dimension on its own (the Gollac axes), and every other Likert dimension as the mean of its
-- answered items. Reverse-coded items are flipped (6 - x) first (DOMAIN.md "Scoring").
-- Respondents of the waves $waves (all when null) in the scope of $project (all when null): the
-- project's services, and its entities when it lists any. An empty entity or category is the group ''.
with scope_services as (
    select distinct service from project_services where project_id = $project
),

scope_entities as (
    select distinct entity_id from project_entities where project_id = $project
),

respondents as (
    select respondent_id, wave, coalesce(entity_id, '') as entity_id, coalesce(category, '') as category
    from respondents
    where ($waves::varchar[] is null or list_contains($waves, wave))
      and (
          $project::varchar is null
          or (
              service in (select service from scope_services)
              and (
                  not exists (select 1 from scope_entities)
                  or entity_id in (select entity_id from scope_entities)
              )
          )
      )
),

likert as (
    select
        a.respondent_id,
        case when q.dimension = 'working_conditions' then q.code else q.dimension end as measure,
        case when q.reverse then 6 - a.value else a.value end as value
    from answers as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    inner join questions as q on q.code = a.question_code
    where q.scale = 'likert5' and a.value is not null
),

likert_scores as (
    select respondent_id, measure, round((avg(value) - 1) / 4 * 100, 2) as score
    from likert
    group by respondent_id, measure
),

who5_scores as (
    select a.respondent_id, 'who5' as measure, sum(a.value) * 4.0 as score
    from answers as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    inner join questions as q on q.code = a.question_code
    where q.scale = 'who5' and a.value is not null
    group by a.respondent_id
    having count(distinct a.question_code) = 5
),

scores as (
    select * from likert_scores
    union all
    select * from who5_scores
),

final as (
    select r.wave, r.entity_id, r.category, s.measure, s.score, count(*) as n
    from scores as s
    inner join respondents as r on r.respondent_id = s.respondent_id
    group by r.wave, s.measure, s.score, cube (r.entity_id, r.category)
)

select * from final
order by wave, measure, entity_id nulls first, category nulls first, score
