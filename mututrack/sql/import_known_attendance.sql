-- Attendance rows already recorded (event and agent key), with their import;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
attendance as (select event_id, agent_key, import_id from main.attendance as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select event_id, agent_key, import_id from attendance)
select * from final
