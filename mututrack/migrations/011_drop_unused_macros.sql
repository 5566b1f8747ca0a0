-- The table macros of migrations 004 and 007 are used by no query since the scoring rules moved to
-- mututrack/sql/macros/ (created each time a store opens): a store keeps only the macros it uses.
drop macro table if exists survey_respondents;
drop macro table if exists respondents_by;
drop macro table if exists wellbeing_per_respondent;
