-- Hourly and daily (UTC) rollups of deliverability_window, written by the Flink job from the minute
-- windows with the same idempotent upserts and early/final rules: a row is early
-- (is_final = false) while its hour or day is open, final once the watermark has passed its end
-- (all of its minutes are final by then), and rewritten when a late event within the allowed
-- lateness updates one of its minutes. Long trends, reputation and the executive panels read
-- these instead of scanning minutes.
-- Both have exactly the shape of deliverability_window: its columns, defaults, key, dimension check
-- and window_start index.
CREATE TABLE deliverability_hourly (LIKE deliverability_window INCLUDING ALL);
CREATE TABLE deliverability_daily (LIKE deliverability_window INCLUDING ALL);
