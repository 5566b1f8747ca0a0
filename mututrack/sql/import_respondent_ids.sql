-- $count new respondent ids, drawn from their sequence.
select nextval('respondent_id_seq') as id from range($count)
