-- Issue 19, speed of the reads: the analysis and the drift page's "Inputs and outputs" read every
-- row of feature_rollups for the weeks they show, and with continuous features two significant
-- digits a day is close to a row per value (9 rows per prediction measured), so the reads grew
-- with the predictions. These tables hold the same counts already put in the bins fixed from each
-- version's reference, per cohort week: weeks × features × about 12 rows, whatever the volume.
-- They are a cache of feature_rollups, kept by lib/distribution-drift/ensure-binned-weeks.ts.

-- Per (type, version): which reference the stored bins were fixed from (its weeks and each week's
-- profiled days), so a pinned, changed or still-filling reference rebuilds them.
CREATE TABLE "feature_bin_versions" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version" TEXT NOT NULL,
  "reference_key" TEXT NOT NULL,
  "built_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT "feature_bin_versions_pkey" PRIMARY KEY ("prediction_type", "model_version")
);

-- The bins fixed from the reference, per (feature, kind): numbers (kind numeric or predicted) the
-- edges; categories the top categories, and every category the reference had (what is not new).
CREATE TABLE "feature_bins" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version" TEXT NOT NULL,
  "feature" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "edges" DOUBLE PRECISION[],
  "categories" TEXT[],
  "reference_categories" TEXT[],
  CONSTRAINT "feature_bins_pkey" PRIMARY KEY ("prediction_type", "model_version", "feature", "kind"),
  CONSTRAINT "feature_bins_one_shape" CHECK (("edges" IS NULL) <> ("categories" IS NULL))
);

-- feature_rollups summed per cohort week (Monday) with values in their bin: "bin" ≥ 0 is the bin's
-- index (bucket ''); -1 keeps the bucket as it is (booleans, reasons not profiled, a category the
-- reference never had) or, for a number without bins (no reference yet), lumps them (bucket '').
CREATE TABLE "feature_bin_weeks" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version" TEXT NOT NULL,
  "week" DATE NOT NULL,
  "feature" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "bin" INTEGER NOT NULL,
  "bucket" TEXT NOT NULL,
  "n" INTEGER NOT NULL,
  CONSTRAINT "feature_bin_weeks_pkey" PRIMARY KEY ("prediction_type", "model_version", "week", "feature", "kind", "bin", "bucket")
);

-- Which profiled days each stored week was binned from (their count, predictions and last
-- refresh): a week whose days were profiled again is binned again.
CREATE TABLE "feature_bin_week_sources" (
  "prediction_type" "prediction_type" NOT NULL,
  "model_version" TEXT NOT NULL,
  "week" DATE NOT NULL,
  "source_key" TEXT NOT NULL,
  CONSTRAINT "feature_bin_week_sources_pkey" PRIMARY KEY ("prediction_type", "model_version", "week")
);
