-- The demo's agents (mututrack/demo/people.py):
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into agents by name
select
    agent_key, entity_id, service, category, status, start_date, end_date,
    $import_id as import_id
from demo_frame
