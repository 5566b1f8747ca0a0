-- The date of the first career event (null without any).
select min(date) from career_events
