-- The schema version each Parquet file of $files declares in its key-value metadata (null if none).
select
    file_name,
    max(decode(value)) filter (where decode(key) = 'mututrack.schema_version') as schema_version
from parquet_kv_metadata($files)
group by file_name
