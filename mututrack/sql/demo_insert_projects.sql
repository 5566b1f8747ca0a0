-- The demo's projects (mututrack/demo/events.py):
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into projects by name
select
    project_id, name, decision_date, go_live_date, objective,
    $import_id as import_id
from demo_frame
