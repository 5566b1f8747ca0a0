-- The stored publication of wave $wave still holds at data version $v.
update publication_state set built_version = $v where wave = $wave
