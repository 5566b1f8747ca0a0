-- The state of wave $wave's publication, just built.
insert into publication_state values ($wave, $version, $fingerprint, $k, $frozen, $tree, current_timestamp)
