-- Integrity problems of the store, one row per kind of problem found: `problem`, `rows` (how
-- many), `example` (one offending key). An empty result means a sound store.
with live_imports as (
    select import_id from imports where status in ('imported', 'demo')
),

orphan_rows as (
    select 'row_of_undone_import' as problem, t.table_name as detail, t.import_id
    from (
        select 'entities' as table_name, import_id from entities
        union all select 'projects', import_id from projects
        union all select 'agents', import_id from agents
        union all select 'events', import_id from events
        union all select 'attendance', import_id from attendance
        union all select 'respondents', import_id from respondents
        union all select 'choices', import_id from choices
        union all select 'comments', import_id from comments
        union all select 'career_events', import_id from career_events
        union all select 'proposals', import_id from proposals
        union all select 'charter_steps', import_id from charter_steps
    ) as t
    where t.import_id is not null and t.import_id not in (select import_id from live_imports)
),

checks as (
    select problem, detail, cast(import_id as varchar) as example from orphan_rows
    union all
    select 'attendance_of_unknown_event', event_id, agent_key from attendance
    where event_id not in (select event_id from events)
    union all
    select 'event_of_unknown_project', event_id, project_id from events
    where project_id not in (select project_id from projects)
    union all
    select 'charter_step_of_unknown_project', step, project_id from charter_steps
    where project_id not in (select project_id from projects)
    union all
    select 'answer_of_unknown_respondent', i.code, cast(a.respondent_id as varchar)
    from answers as a left join question_ids as i using (question_id)
    where a.respondent_id not in (select respondent_id from respondents)
    union all
    select 'answer_to_unknown_question', i.code, cast(a.respondent_id as varchar)
    from answers as a left join question_ids as i using (question_id)
    where a.question_id not in (select question_id from questions)
    union all
    select 'choice_of_unknown_respondent', question_code, cast(respondent_id as varchar) from choices
    where respondent_id not in (select respondent_id from respondents)
    union all
    select 'choice_to_unknown_question', question_code, cast(respondent_id as varchar) from choices
    where question_code not in (select code from questions)
    union all
    select 'duplicate_choice', question_code, cast(respondent_id as varchar) from choices
    group by respondent_id, question_code having count(*) > 1
    union all
    select 'respondent_of_unknown_wave', wave, cast(respondent_id as varchar) from respondents
    where wave not in (select wave from waves)
    union all
    select 'duplicate_respondent', any_value(wave), cast(respondent_id as varchar) from respondents
    group by respondent_id having count(*) > 1
    union all
    select 'duplicate_answer', any_value(i.code), cast(a.respondent_id as varchar)
    from answers as a left join question_ids as i using (question_id)
    group by a.respondent_id, a.question_id having count(*) > 1
    union all
    select 'duplicate_attendance', event_id, agent_key from attendance
    group by event_id, agent_key having count(*) > 1
    union all
    select 'answer_out_of_scale', q.code, cast(a.value as varchar)
    from answers as a inner join questions as q on q.question_id = a.question_id
    where (q.scale = 'who5' and a.value not between 0 and 5)
       or (q.scale = 'likert5' and a.value not between 1 and 5)
       or (q.scale = 'nps11' and a.value not between 0 and 10)
    union all
    select 'agent_of_unknown_entity', entity_id, agent_key from agents
    where entity_id not in (select entity_id from entities)
),

final as (
    select problem, count(*) as rows, min(coalesce(detail, '') || ' ' || coalesce(example, '')) as example
    from checks
    group by problem
)

select * from final
order by problem
