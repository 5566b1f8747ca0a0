-- Attendance rows already recorded (event and agent key), with their import.
with attendance as (select event_id, agent_key, import_id from main.attendance),
final as (select event_id, agent_key, import_id from attendance)
select * from final
