-- Free-text comments of the wave $wave, with only what groups them (entity, category), in the
-- scope of $project when given. No respondent id, date or other attribute leaves this query; an
-- empty entity or category is the group ''.
with respondents as (
    select respondent_id, entity_id, category
    from survey_respondents($project::varchar, [$wave::varchar])
),

final as (
    select r.entity_id, r.category, trim(c.text) as text
    from comments as c
    inner join respondents as r on r.respondent_id = c.respondent_id
    where trim(c.text) <> ''
)

select * from final
order by md5(text)
