-- A corrected file of a published wave stays published, with the threshold it was locked with.
update main.waves set published = true, k_threshold = $k_threshold
where wave = $wave and import_id = $import_id
