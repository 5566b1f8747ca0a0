-- One definition of two survey rules that several queries apply (qvt_*.sql), as migration 004 did
-- for the respondents in a project's scope.

-- wellbeing_per_respondent(): each respondent's WHO-5 raw score and how many WHO-5 items they
-- answered (DOMAIN.md "Scoring": the index is the raw sum x 4, only when all 5 are answered), and
-- their eNPS answer (0..10). One answer per respondent and question (the import contract), so
-- items are counted, not distinct.
create macro wellbeing_per_respondent() as table
    select
        a.respondent_id,
        sum(a.value) filter (where q.scale = 'who5') as who5_raw,
        count(*) filter (where q.scale = 'who5') as who5_items,
        max(a.value) filter (where q.code = 'enps') as enps_score
    from answers as a
    inner join questions as q on q.question_id = a.question_id
    where (q.scale = 'who5' or q.code = 'enps') and a.value is not null
    group by a.respondent_id;

-- respondents_by(breakdown): every respondent with its wave and its group for `breakdown`
-- ('entity', 'category', 'service'; anything else puts everyone in one group). A group column
-- left empty in the file is the group '', so that groups add up to the wave.
create macro respondents_by(breakdown) as table
    select
        respondent_id,
        wave,
        coalesce(case breakdown
            when 'entity' then entity_id
            when 'category' then category
            when 'service' then service
        end, '') as grp
    from respondents;
