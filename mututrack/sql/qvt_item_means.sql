-- Mean of the raw numeric answers (before any reverse-coding) per wave and question, for the
-- whole wave (level 1) and per group of $by (level 0), with the number of answers behind it.
-- Groups: respondents_by() (migration 007).
with respondents as (
    select respondent_id, wave, grp from respondents_by($by::varchar)
),

answers as (
    select respondent_id, question_id, value from answers where value is not null
),

-- Grouped by the integer question id (migration 006); its code is looked up once per group.
per_group as (
    select g.wave, g.grp, i.code as question_code, g.answers, g.total
    from (
        select r.wave, r.grp, a.question_id, count(*) as answers, sum(a.value) as total
        from answers as a
        inner join respondents as r on r.respondent_id = a.respondent_id
        group by r.wave, r.grp, a.question_id
    ) as g
    inner join question_ids as i on i.question_id = g.question_id
),

-- The whole wave adds up its groups: one pass over the answers instead of two.
final as (
    select wave, grp as "group", 0 as level, question_code, answers, total / answers as mean
    from per_group
    union all
    select wave, '' as "group", 1 as level, question_code, sum(answers)::bigint as answers,
        sum(total) / sum(answers) as mean
    from per_group
    group by wave, question_code
)

select * from final
order by wave, level desc, "group", question_code
