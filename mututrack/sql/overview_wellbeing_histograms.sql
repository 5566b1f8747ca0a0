-- Distributions of the WHO-5 index and of the job-security item for the waves $current and
-- $previous: for everyone (scope '*') and for the respondents in the scope of each project (its
-- services, and its entities when it lists any). Job security is reverse-coded (6 - x, DOMAIN.md
-- "Scoring") so that higher is better for both; the WHO-5 index needs all 5 items answered.
with respondents as (
    select respondent_id, wave, entity_id, service
    from respondents
    where wave in ($current, $previous)
),

membership as (
    select r.respondent_id, ps.project_id
    from respondents as r
    inner join project_services as ps on ps.service = r.service
    where not exists (select 1 from project_entities as pe where pe.project_id = ps.project_id)
       or r.entity_id in (select pe.entity_id from project_entities as pe where pe.project_id = ps.project_id)
),

scoped as (
    select respondent_id, '*' as scope from respondents
    union all
    select distinct respondent_id, project_id as scope from membership
),

answers as (
    select a.respondent_id, q.code as question_code, a.value, q.scale, q.reverse
    from answers as a
    inner join questions as q on q.question_id = a.question_id
    where a.value is not null
      and (q.scale = 'who5' or q.code = 'wc_security')
      and a.respondent_id in (select respondent_id from respondents)
),

who5 as (
    select respondent_id, 'who5' as measure, sum(value) * 4 as value
    from answers
    where scale = 'who5'
    group by respondent_id
    having count(*) = 5
),

security as (
    select respondent_id, 'wc_security' as measure, case when reverse then 6 - value else value end as value
    from answers
    where question_code = 'wc_security'
),

final as (
    select s.scope, r.wave, m.measure, m.value, count(*) as respondents
    from scoped as s
    inner join respondents as r using (respondent_id)
    inner join (select * from who5 union all select * from security) as m using (respondent_id)
    group by all
)

select * from final
order by scope, wave, measure, value
