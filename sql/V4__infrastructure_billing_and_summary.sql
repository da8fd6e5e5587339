-- Tables of the OLTP side: revguard reads them, the job never writes them, and no migration fills
-- them (the demo loads sample rows with scripts/demo-data.sql).

-- The SMTP sending IPs and what they cost. daily_capacity is the messages per day once warm;
-- warmup_started_on is set while the IP is warming (status 'warming'), null once warm.
CREATE TABLE smtp_ip_addresses (
    ip                 text          PRIMARY KEY,
    sending_domain     text,
    provider           text,
    approximate_cost   numeric(12,2) NOT NULL CHECK (approximate_cost >= 0),
    daily_capacity     bigint        NOT NULL CHECK (daily_capacity > 0),
    warmup_started_on  date,
    status             text          NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'warming', 'retired')),
    retired_on         date
);

-- The virtual servers the sending infrastructure runs on. metrics_instance is the Prometheus
-- "instance" label of the server's node exporter (null: no metrics).
CREATE TABLE vps_instances (
    instance_id        text          PRIMARY KEY,
    name               text          NOT NULL,
    provider           text,
    region             text,
    monthly_cost_usd   numeric(12,2) NOT NULL CHECK (monthly_cost_usd >= 0),
    vcpus              integer,
    memory_gb          numeric(10,2),
    disk_gb            numeric(10,2),
    network_mbps       numeric(10,2),
    metrics_instance   text
);

-- Billing: one subscription per account (the same ids as the events' account_id).
CREATE TABLE subscriptions (
    account_id         text          PRIMARY KEY,
    plan               text          NOT NULL,
    mrr_usd            numeric(12,2) NOT NULL CHECK (mrr_usd >= 0),
    status             text          NOT NULL CHECK (status IN ('active', 'past_due', 'cancelled')),
    started_on         date          NOT NULL,
    cancelled_on       date
);

-- One row per calendar month (UTC), from the month of the earliest daily rollup of dimension
-- 'all' to the current month: what the infrastructure costs, what it sent, what revenue it serves.
--   smtp_ip_cost_usd    IPs not retired before the month
--   cost_per_email_usd  total_cost_usd x elapsed fraction of the month / emails_sent (null without sends)
--   mrr_usd             active subscriptions
--   efficiency_ratio    total_cost_usd / mrr_usd: infrastructure dollars per revenue dollar (null without revenue)
CREATE VIEW executive_business_summary AS
WITH months AS (
    SELECT m::date AS month
    FROM generate_series(
            (SELECT date_trunc('month', min(window_start) AT TIME ZONE 'UTC') FROM deliverability_daily WHERE dimension = 'all'),
            date_trunc('month', now() AT TIME ZONE 'UTC'),
            interval '1 month') AS m
),
costs AS (
    SELECT mo.month,
           (SELECT coalesce(sum(monthly_cost_usd), 0) FROM vps_instances)::numeric AS vps_cost_usd,
           (SELECT coalesce(sum(approximate_cost), 0) FROM smtp_ip_addresses
             WHERE retired_on IS NULL OR retired_on >= mo.month)::numeric AS smtp_ip_cost_usd,
           (SELECT coalesce(sum(sent), 0) FROM deliverability_daily
             WHERE dimension = 'all' AND dimension_value = 'all'
               AND window_start >= mo.month::timestamp AT TIME ZONE 'UTC'
               AND window_start < (mo.month + interval '1 month')::timestamp AT TIME ZONE 'UTC')::bigint AS emails_sent,
           least(1.0, greatest(0.0,
               extract(epoch FROM (now() - mo.month::timestamp AT TIME ZONE 'UTC'))
               / extract(epoch FROM ((mo.month + interval '1 month')::timestamp - mo.month::timestamp))))::numeric
               AS elapsed_fraction
    FROM months mo
),
revenue AS (
    SELECT coalesce(sum(mrr_usd), 0)::numeric AS mrr_usd FROM subscriptions WHERE status = 'active'
)
SELECT c.month,
       c.vps_cost_usd,
       c.smtp_ip_cost_usd,
       c.vps_cost_usd + c.smtp_ip_cost_usd AS total_cost_usd,
       c.emails_sent,
       CASE WHEN c.emails_sent > 0
            THEN (c.vps_cost_usd + c.smtp_ip_cost_usd) * c.elapsed_fraction / c.emails_sent END AS cost_per_email_usd,
       r.mrr_usd,
       CASE WHEN r.mrr_usd > 0 THEN (c.vps_cost_usd + c.smtp_ip_cost_usd) / r.mrr_usd END AS efficiency_ratio,
       c.elapsed_fraction
FROM costs c CROSS JOIN revenue r;
