-- One demo project's attendance, its events numbered as in demo_insert_events.sql:
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into attendance by name
select
    printf('%s-%04d', project_id, number + 1) as event_id,
    agent_key, status,
    $import_id as import_id
from demo_frame
