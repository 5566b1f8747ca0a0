-- Free-text comments of the wave $wave, with only what groups them (entity, category), in the
-- scope of $project when given. No respondent id, date or other attribute leaves this query; an
-- empty entity or category is the group ''.
with scope_services as (
    select distinct service from project_services where project_id = $project
),

scope_entities as (
    select distinct entity_id from project_entities where project_id = $project
),

respondents as (
    select respondent_id, coalesce(entity_id, '') as entity_id, coalesce(category, '') as category
    from respondents
    where wave = $wave
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

final as (
    select r.entity_id, r.category, trim(c.text) as text
    from comments as c
    inner join respondents as r on r.respondent_id = c.respondent_id
    where trim(c.text) <> ''
)

select * from final
order by md5(text)
