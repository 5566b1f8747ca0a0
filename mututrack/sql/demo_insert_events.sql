-- One demo project's consultation events, numbered by date from 0 (ids PROJECT-0001 on):
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into events by name
select
    printf('%s-%04d', project_id, number + 1) as event_id,
    project_id, date, kind, title, entity_id,
    $import_id as import_id
from demo_frame
