-- Mark wave $wave published, locking its threshold to $k unless it was published already.
update waves
set k_threshold = coalesce(case when published then k_threshold end, $k), published = true
where wave = $wave
