-- Delete wave $wave's rows from the publication table {table} (publication/build.py names it).
delete from {table} where wave = $wave
