-- A survey column mapped by hand, remembered for the next wave from the same tool.
insert or replace into main.column_mappings values ($source, $header, $code)
