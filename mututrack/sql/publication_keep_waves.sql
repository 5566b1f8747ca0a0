-- Delete the rows of the publication table {table} (publication/build.py names it) of any wave
-- other than $waves.
delete from {table} where not list_contains($waves::varchar[], wave)
