-- Each question's id by its code (the demo writes its numeric answers under these ids).
select code, question_id from question_ids
