-- The respondents of wave $wave with every dimension a user can filter or break down by: entity,
-- category and service ('' when the file left it empty, so that groups add up to the wave), and
-- projects: the '|'-joined ids of the projects whose scope holds them (DOMAIN.md "In scope of
-- project P", applied to what respondents declared: the project's services, and its entities
-- when it lists any).
with respondents_of_wave as (
    select respondent_id, coalesce(entity_id, '') as entity_id, coalesce(category, '') as category,
        coalesce(service, '') as service
    from respondents
    where wave = $wave
),

scope as (
    select r.respondent_id, string_agg(ps.project_id, '|' order by ps.project_id) as projects
    from respondents_of_wave as r
    inner join project_services as ps on ps.service = r.service
    where not exists (select 1 from project_entities as pe where pe.project_id = ps.project_id)
       or exists (
           select 1 from project_entities as pe
           where pe.project_id = ps.project_id and pe.entity_id = r.entity_id
       )
    group by r.respondent_id
),

final as (
    select r.*, coalesce(s.projects, '') as projects
    from respondents_of_wave as r
    left join scope as s on s.respondent_id = r.respondent_id
)

select * from final
order by respondent_id
