-- How many respondents gave each answer to each question, per wave and cell of the entity x
-- category cube (null = all): raw numeric answers in value (before any reverse-coding), the
-- chosen option of a choice question in choice.
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

final as (
    select r.wave, r.entity_id, r.category, a.question_code, a.value, a.choice, count(*) as n
    from answers as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    where a.value is not null or a.choice is not null
    group by r.wave, a.question_code, a.value, a.choice, cube (r.entity_id, r.category)
)

select * from final
order by wave, question_code, entity_id nulls first, category nulls first, value, choice
