-- Numeric answers keyed by a small integer question id; choice answers in a table of their own.
-- Inserting a wave's answers is the longest step of a survey import: DuckDB appends an integer
-- column in about a third of the time of a text one, and the always-empty `choice` text column of
-- numeric answers cost as much again (issue "Proof in a real browser, and speed at three scales").
-- Comments and choices are few and keep their question code as text.
--
-- question_ids gives each question code one id for good. Undoing a questions import deletes the
-- question, never its id: answers and a later re-import of the same code meet again, as they did
-- when answers carried the code (store.question_ids() registers new codes).
create table question_ids (
    code varchar primary key,
    question_id smallint not null unique
);
insert into question_ids
select code, row_number() over (order by code)
from (select code from questions union select question_code from answers);

alter table questions add column question_id smallint;
update questions set question_id = i.question_id from question_ids as i where i.code = questions.code;

create table choices (
    respondent_id integer not null,
    question_code varchar not null,
    choice varchar not null,
    import_id integer
);
insert into choices
select respondent_id, question_code, choice, import_id from answers where choice is not null;

-- Numeric answers belong to their import through their respondent (undo deletes the answers of the
-- import's respondents, store.delete_import_rows): an import_id on each of them cost a fifth of the
-- insert again.
create table answers_by_id (
    respondent_id integer not null,
    question_id smallint not null,
    value smallint                  -- raw answer on the question's numeric scale (who5 0..5, likert5 1..5, nps11 0..10)
);
insert into answers_by_id
select a.respondent_id, i.question_id, a.value
from answers as a
inner join question_ids as i on i.code = a.question_code
where a.choice is null;
drop table answers;
alter table answers_by_id rename to answers;

-- Respondents without a primary key index: their ids come from respondent_id_seq, drawn under the
-- write lock, and `mututrack check` reports a duplicate. Maintaining the index was a third of the
-- time of inserting a wave's respondents.
create table respondents_unindexed (
    respondent_id integer not null,
    wave varchar not null,
    respondent_key varchar,         -- HMAC of the token or identifier, when the file had one
    entity_id varchar,
    service varchar,
    category varchar,
    submitted_at timestamp,
    import_id integer
);
insert into respondents_unindexed
select respondent_id, wave, respondent_key, entity_id, service, category, submitted_at, import_id
from respondents order by respondent_id;
drop table respondents;
alter table respondents_unindexed rename to respondents;
