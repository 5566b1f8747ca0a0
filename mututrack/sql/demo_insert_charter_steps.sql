-- The charter steps of the demo projects:
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into charter_steps by name
select
    project_id, step, planned_date, actual_date,
    $import_id as import_id
from demo_frame
