-- A survey's numeric answers (registered as incoming_rows): they carry no import id, they belong to
-- their import through their respondent (migration 006).
insert into main.answers by name select * from incoming_rows
