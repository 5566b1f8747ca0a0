-- How many respondents reached each score (0..100) on each measure, per wave and cell of the
-- entity x category cube (null = all): the frequency tables behind means and Mann-Whitney tests.
-- Measures: 'who5' (the index, all 5 items answered), each item of the working-conditions
-- dimension on its own (the Gollac axes), and every other Likert dimension as the mean of its
-- answered items. Reverse-coded items are flipped (6 - x) first (DOMAIN.md "Scoring").
-- Respondents: survey_respondents() (migration 004), the waves $waves in the scope of $project.
with respondents as (
    select respondent_id, wave, entity_id, category
    from survey_respondents($project::varchar, $waves::varchar[])
),

likert as (
    select
        a.respondent_id,
        case when q.dimension = 'working_conditions' then q.code else q.dimension end as measure,
        case when q.reverse then 6 - a.value else a.value end as value
    from answers as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    inner join questions as q on q.question_id = a.question_id
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
    inner join questions as q on q.question_id = a.question_id
    where q.scale = 'who5' and a.value is not null
    group by a.respondent_id
    having count(distinct a.question_id) = 5
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
