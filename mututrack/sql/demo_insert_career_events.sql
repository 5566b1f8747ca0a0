-- The demo's career events (mututrack/demo/people.py):
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into career_events by name
select
    agent_key, date, kind, hours, project_id,
    $import_id as import_id
from demo_frame
