-- Survey figures per wave, for the whole wave (level 1) and per group of $by (level 0):
-- respondents, WHO-5 (DOMAIN.md "Scoring": raw = sum of the 5 items, only when all 5 are
-- answered; index = raw x 4; poor well-being: raw < $who5_poor_below; likely depression:
-- index <= $who5_depression_max) and eNPS counts (promoters 9-10, detractors 0-6).
-- $by is 'entity', 'category', 'service' or null (then level 0 repeats the whole wave).
-- A group column left empty in the file is the group '' (so that groups add up to the wave).
-- Groups: respondents_by() and WHO-5/eNPS per respondent: wellbeing_per_respondent() (migration 007).
with respondents as (
    select respondent_id, wave, grp from respondents_by($by::varchar)
),

per_respondent as (
    select respondent_id, who5_raw, who5_items, enps_score from wellbeing_per_respondent()
),

scored as (
    select
        r.wave,
        r.grp,
        case when p.who5_items = 5 then p.who5_raw * 4 end as who5_index,
        case when p.who5_items = 5 then p.who5_raw < $who5_poor_below end as who5_poor,
        case when p.who5_items = 5 then p.who5_raw * 4 <= $who5_depression_max end as who5_depression,
        p.enps_score
    from respondents as r
    left join per_respondent as p on p.respondent_id = r.respondent_id
),

final as (
    select
        wave,
        case when grouping(grp) = 1 then '' else grp end as "group",
        grouping(grp) as level,
        count(*) as respondents,
        count(who5_index) as who5_respondents,
        avg(who5_index) as who5_index_mean,
        count(*) filter (where who5_poor) as who5_poor,
        count(*) filter (where who5_depression) as who5_depression,
        count(enps_score) as enps_respondents,
        count(*) filter (where enps_score >= 9) as enps_promoters,
        count(*) filter (where enps_score <= 6) as enps_detractors
    from scored
    group by grouping sets ((wave), (wave, grp))
)

select * from final
order by wave, level desc, "group"
