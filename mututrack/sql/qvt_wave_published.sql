-- Whether wave $wave is published (false for an unknown wave).
select coalesce(bool_or(published), false) from waves where wave = $wave
