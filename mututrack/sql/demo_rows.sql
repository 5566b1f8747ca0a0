-- How many rows of each demo table the demo import $import_id brought: one row per table
-- (numeric answers carry no import id: those of its respondents).
with respondents_of_import as (
    select respondent_id from respondents where import_id = $import_id
),

final as (
    select 'entities' as table_name, count(*) as row_count from entities where import_id = $import_id
    union all
    select 'projects', count(*) from projects where import_id = $import_id
    union all
    select 'project_services', count(*) from project_services where import_id = $import_id
    union all
    select 'project_entities', count(*) from project_entities where import_id = $import_id
    union all
    select 'charter_steps', count(*) from charter_steps where import_id = $import_id
    union all
    select 'agents', count(*) from agents where import_id = $import_id
    union all
    select 'events', count(*) from events where import_id = $import_id
    union all
    select 'attendance', count(*) from attendance where import_id = $import_id
    union all
    select 'waves', count(*) from waves where import_id = $import_id
    union all
    select 'respondents', count(*) from respondents where import_id = $import_id
    union all
    select 'answers', count(*) from answers
    where respondent_id in (select respondent_id from respondents_of_import)
    union all
    select 'choices', count(*) from choices where import_id = $import_id
    union all
    select 'comments', count(*) from comments where import_id = $import_id
    union all
    select 'career_events', count(*) from career_events where import_id = $import_id
    union all
    select 'proposals', count(*) from proposals where import_id = $import_id
)

select * from final
