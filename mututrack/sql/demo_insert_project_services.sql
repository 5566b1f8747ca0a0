-- The services each demo project pools:
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into project_services by name
select
    project_id, service,
    $import_id as import_id
from demo_frame
