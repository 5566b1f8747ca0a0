-- How many respondents gave each answer to each question, per wave and cell of the entity x
-- category cube (null = all): raw numeric answers in value (before any reverse-coding), the
-- chosen option of a choice question in choice.
-- Respondents: survey_respondents() (migration 004), the waves $waves in the scope of $project.
with respondents as (
    select respondent_id, wave, entity_id, category
    from survey_respondents($project::varchar, $waves::varchar[])
),

final as (
    select r.wave, r.entity_id, r.category, a.question_code, a.value, a.choice, count(*) as n
    from answers as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    where a.value is not null or a.choice is not null
    group by r.wave, a.question_code, a.value, a.choice, cube (r.entity_id, r.category)
)

select * from final
order by wave, question_code, entity_id nulls first, category nulls first, value, choice
