-- The rows of the publication table {table} (publication/build.py names it) for wave $wave.
select * exclude (wave) from {table} where wave = $wave
