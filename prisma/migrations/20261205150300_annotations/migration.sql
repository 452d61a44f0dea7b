-- Issue 21: annotations. An analyst (or oncall, admin) dates a note on a prediction type — optionally
-- narrowed to a model version, a brand or a region: "formulary change", "launch in West", "ingestion
-- outage". The drift page marks the note's week on every chart of the type; the alert page and the
-- alert's notifications quote the notes whose day falls in the alert's cohort week.
CREATE TABLE "annotations" (
  "id"              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "prediction_type" "prediction_type" NOT NULL,
  "model_version"   TEXT,
  "brand"           TEXT,
  "region"          TEXT,
  "day"             DATE NOT NULL,
  "note"            TEXT NOT NULL,
  "author_id"       UUID REFERENCES "users" ("id") ON DELETE SET NULL,
  "created_at"      TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "annotations_note_length" CHECK (char_length(btrim("note")) BETWEEN 1 AND 200),
  CONSTRAINT "annotations_scope_not_blank" CHECK (
    coalesce(btrim("model_version"), 'x') <> '' AND coalesce(btrim("brand"), 'x') <> '' AND coalesce(btrim("region"), 'x') <> ''
  )
);
-- The drift page reads a type's notes by day; an alert those of its type in its week.
CREATE INDEX "annotations_type_day_idx" ON "annotations" ("prediction_type", "day");
