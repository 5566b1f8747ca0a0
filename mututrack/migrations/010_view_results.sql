-- Each page's data as last computed (mututrack/views/stored.py): what the publication layer and the
-- roster figures give for one view, selection and language, kept so that a page opened after a
-- restart or by another process answers at once. Only published figures are kept (never answers),
-- and a committed write empties the table (Store.transaction): nothing outlives the data it shows.
create table view_results (
    view varchar not null,
    filters varchar not null,        -- Filters.key()
    lang varchar not null,
    day date not null,               -- the date the figures were computed for ("today")
    data_version bigint not null,
    code varchar not null,           -- fingerprint of the program that computed them
    payload blob not null,           -- zstd-compressed JSON, frames as Arrow IPC (no pickle)
    computed_seconds double not null,
    primary key (view, filters, lang)
);
