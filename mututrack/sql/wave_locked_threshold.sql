-- The anonymity threshold k wave $wave was locked with when published (no row while unpublished).
select k_threshold from waves where wave = $wave and published
