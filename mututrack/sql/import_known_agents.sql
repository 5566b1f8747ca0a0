-- Pseudonymous keys of the agents already in the roster, with their import;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
agents as (select agent_key, import_id from main.agents as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select agent_key, import_id from agents)
select * from final
