-- The demo's survey waves (mututrack/demo/surveys.py):
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into waves by name
select
    wave, opened_at, closed_at, k_threshold, published,
    $import_id as import_id
from demo_frame
