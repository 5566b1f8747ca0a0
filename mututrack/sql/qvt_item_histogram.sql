-- How many respondents gave each answer to each question, per wave and cell of the entity x
-- category cube (null = all): raw numeric answers in value (before any reverse-coding), the
-- chosen option of a choice question in choice (numeric answers and choices: migration 006).
-- Respondents: survey_respondents() (migration 004), the waves $waves in the scope of $project.
with respondents as (
    select respondent_id, wave, entity_id, category
    from survey_respondents($project::varchar, $waves::varchar[])
),

given as (
    select respondent_id, question_id, value, null::varchar as choice from answers where value is not null
    union all
    select c.respondent_id, i.question_id, null::smallint, c.choice from choices as c
    inner join question_ids as i on i.code = c.question_code
),

counted as (
    select r.wave, r.entity_id, r.category, a.question_id, a.value, a.choice, count(*) as n
    from given as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    group by r.wave, a.question_id, a.value, a.choice, cube (r.entity_id, r.category)
),

final as (
    select c.wave, c.entity_id, c.category, i.code as question_code, c.value, c.choice, c.n
    from counted as c
    inner join question_ids as i on i.question_id = c.question_id
)

select * from final
order by wave, question_code, entity_id nulls first, category nulls first, value, choice
