-- What the proposals still waiting for an answer say (free text written by an agent: HR and the
-- directors only, never kept with the pages' data), for one entity or all.
with proposals as (
    select proposal_id, entity_id, status, text
    from proposals
    where ($entity::varchar is null or entity_id = $entity)
      and status in ('deposee', 'a_l_etude')
      and text is not null and trim(text) <> ''
),

final as (
    select proposal_id, entity_id, text from proposals
)

select * from final
order by proposal_id
