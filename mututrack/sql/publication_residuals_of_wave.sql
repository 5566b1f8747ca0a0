-- The (measure, atom) pairs wave $wave withholds, and whether they may be published pooled.
select measure, atom, pooled from publication_residuals where wave = $wave
