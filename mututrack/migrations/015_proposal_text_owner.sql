-- What an agent proposed (free text, shown to HR and the directors only) and who must answer it (a
-- service or a role: staff, never the author). Both optional: rows imported before stay NULL.
alter table proposals add column text varchar;
alter table proposals add column owner varchar;
