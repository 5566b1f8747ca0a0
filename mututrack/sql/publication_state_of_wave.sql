-- The state of wave $wave's stored publication (no row before the first build).
select * from publication_state where wave = $wave
