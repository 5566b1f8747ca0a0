-- Respondents of every wave per group (entity, service, category as the answers declared them).
with respondents as (
    select wave, entity_id, service, category from respondents
),

final as (
    select wave, entity_id, service, category, count(*) as respondents
    from respondents
    group by wave, entity_id, service, category
)

select * from final
order by wave, entity_id, service, category
