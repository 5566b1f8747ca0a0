-- Proposals already in the store, with their import;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
proposals as (select proposal_id, import_id from main.proposals as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select proposal_id, import_id from proposals)
select * from final
