-- The atom each respondent of wave $wave stands in, as published.
select respondent_id, atom from publication_members where wave = $wave
