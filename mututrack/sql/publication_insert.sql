-- Append the registered frame rows_to_insert to the publication table {table}, column by name.
insert into {table} by name select * from rows_to_insert
