-- Well-being and eNPS counts per wave for every cell of the entity x category cube (a null
-- entity_id or category in the result means "all"; the group of empty values is '').
-- WHO-5 (DOMAIN.md "Scoring"): index = sum of the 5 items x 4, only when all 5 are answered;
-- poor well-being: raw < $who5_poor_below; likely depression: index <= $who5_depression_max;
-- who5_histogram maps each index reached to its number of respondents (for the tests between waves).
-- Respondents: survey_respondents() (migration 004), the waves $waves in the scope of $project;
-- WHO-5 and eNPS per respondent: wellbeing_per_respondent() (migration 007).
with respondents as (
    select respondent_id, wave, entity_id, category
    from survey_respondents($project::varchar, $waves::varchar[])
),

per_respondent as (
    select respondent_id, who5_raw, who5_items, enps_score from wellbeing_per_respondent()
),

scored as (
    select
        r.wave,
        r.entity_id,
        r.category,
        case when p.who5_items = 5 then p.who5_raw * 4 end as who5_index,
        p.enps_score
    from respondents as r
    left join per_respondent as p on p.respondent_id = r.respondent_id
),

final as (
    select
        wave,
        entity_id,
        category,
        count(*) as respondents,
        count(who5_index) as who5_respondents,
        avg(who5_index) as who5_index_mean,
        histogram(who5_index) filter (where who5_index is not null) as who5_histogram,
        count(*) filter (where who5_index < $who5_poor_below * 4) as who5_poor,
        count(*) filter (where who5_index <= $who5_depression_max) as who5_depression,
        count(enps_score) as enps_respondents,
        count(*) filter (where enps_score >= 9) as enps_promoters,
        count(*) filter (where enps_score <= 6) as enps_detractors
    from scored
    group by wave, cube (entity_id, category)
)

select * from final
order by wave, entity_id nulls first, category nulls first
