-- The wave a survey file brings, belonging to its import.
insert into main.waves (wave, opened_at, closed_at, k_threshold, import_id)
values ($wave, $opened_at, $closed_at, $k_threshold, $import_id)
