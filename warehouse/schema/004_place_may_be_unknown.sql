-- 004: the contract now lets an event's place be unknown. An event whose text names no
-- place keeps a NULL location (and NULL coordinates and geo precision), and one whose
-- country is not known either keeps a NULL country: an event is never dropped for a
-- missing slot. Existing rows are unchanged.
ALTER TABLE events ALTER COLUMN location DROP NOT NULL;
ALTER TABLE events ALTER COLUMN country DROP NOT NULL;
ALTER TABLE events ALTER COLUMN latitude DROP NOT NULL;
ALTER TABLE events ALTER COLUMN longitude DROP NOT NULL;
ALTER TABLE events ALTER COLUMN geo_precision DROP NOT NULL;
