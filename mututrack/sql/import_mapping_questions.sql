-- Every question a survey column can be mapped to by hand, standard catalogue first.
select code, text_fr, text_en from main.questions order by import_id nulls first, code
