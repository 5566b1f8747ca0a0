-- Proposals already in the store, with their import.
with proposals as (select proposal_id, import_id from main.proposals),
final as (select proposal_id, import_id from proposals)
select * from final
