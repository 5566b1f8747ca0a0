-- The published waves of an import about to be replaced, with the threshold each was locked with.
select wave, k_threshold from main.waves where import_id = $import_id and published
