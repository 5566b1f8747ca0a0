-- The respondents of waves $a and $b and the wave each belongs to.
select respondent_id, wave from respondents where wave in ($a, $b) order by respondent_id
