-- Pseudonymous keys of the agents already in the roster, with their import.
with agents as (select agent_key, import_id from main.agents),
final as (select agent_key, import_id from agents)
select * from final
