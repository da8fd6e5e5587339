-- Sample rows for the demo's OLTP-side tables, matching scripts/generate-events.sh's traffic (IPs
-- 198.51.100.1-12, accounts acct-0..acct-39 and acct-degrading). Loaded by scripts/demo.sh into the
-- demo schema only, never by a migration. Safe to load again: every run rewrites the same rows
-- (warm-up dates stay relative to today).
--
-- The generator sends from 8 of the 12 IPs (.1 .2 .4 .5 .7 .8 .10 .11, 15-25 messages/s each at
-- 300 events/s). Capacities are sized for a demo of about ten minutes: the busy IPs reach their good
-- utilization band (60-85 % of capacity per average day over the trailing week) after 6-10 minutes.
--   .3 and .6   active, nothing sent: underutilized, retiring them saves their cost
--   .7          warming since today (day 1, target 500): ahead of schedule within a minute
--   .9          warming for 20 days (target = its capacity, 50,000 a day), nothing sent: behind
--   .12         retired last month
INSERT INTO smtp_ip_addresses (ip, sending_domain, provider, approximate_cost, daily_capacity, warmup_started_on, status, retired_on)
VALUES
  ('198.51.100.1',  'mail.acme-0.example', 'ses',      45.00, 2400,  NULL, 'active',  NULL),
  ('198.51.100.2',  'mail.acme-1.example', 'ses',      45.00, 2400,  NULL, 'active',  NULL),
  ('198.51.100.3',  'mail.acme-2.example', 'sendgrid', 60.00, 20000, NULL, 'active',  NULL),
  ('198.51.100.4',  'mail.acme-3.example', 'sendgrid', 35.00, 1700,  NULL, 'active',  NULL),
  ('198.51.100.5',  'mail.acme-4.example', 'mailgun',  35.00, 1700,  NULL, 'active',  NULL),
  ('198.51.100.6',  'mail.acme-5.example', 'mailgun',  55.00, 20000, NULL, 'active',  NULL),
  ('198.51.100.7',  'mail.acme-6.example', 'ses',      25.00, 50000, (now() AT TIME ZONE 'UTC')::date, 'warming', NULL),
  ('198.51.100.8',  'mail.acme-0.example', 'sendgrid', 30.00, 1450,  NULL, 'active',  NULL),
  ('198.51.100.9',  'mail.acme-1.example', 'mailgun',  25.00, 50000, (now() AT TIME ZONE 'UTC')::date - 19, 'warming', NULL),
  ('198.51.100.10', 'mail.acme-2.example', 'ses',      30.00, 1450,  NULL, 'active',  NULL),
  ('198.51.100.11', 'mail.acme-3.example', 'sendgrid', 30.00, 1450,  NULL, 'active',  NULL),
  ('198.51.100.12', 'mail.acme-4.example', 'mailgun',  40.00, 20000, NULL, 'retired', date_trunc('month', now() AT TIME ZONE 'UTC')::date - 10)
ON CONFLICT (ip) DO UPDATE SET sending_domain = EXCLUDED.sending_domain, provider = EXCLUDED.provider,
  approximate_cost = EXCLUDED.approximate_cost, daily_capacity = EXCLUDED.daily_capacity,
  warmup_started_on = EXCLUDED.warmup_started_on, status = EXCLUDED.status, retired_on = EXCLUDED.retired_on;

-- Three MTA servers; the first is this machine's node exporter when the demo runs Prometheus
-- (scripts/demo.sh sets its metrics_instance).
INSERT INTO vps_instances (instance_id, name, provider, region, monthly_cost_usd, vcpus, memory_gb, disk_gb, network_mbps, metrics_instance)
VALUES
  ('vps-mta-1', 'mta-1 (this machine)', 'hetzner', 'fsn1', 120.00, 8, 32, 240, 1000, NULL),
  ('vps-mta-2', 'mta-2',                'hetzner', 'nbg1',  60.00, 4, 16, 160, 1000, NULL),
  ('vps-mta-3', 'mta-3',                'ovh',     'gra',   40.00, 2,  8,  80,  500, NULL)
ON CONFLICT (instance_id) DO UPDATE SET name = EXCLUDED.name, provider = EXCLUDED.provider, region = EXCLUDED.region,
  monthly_cost_usd = EXCLUDED.monthly_cost_usd, vcpus = EXCLUDED.vcpus, memory_gb = EXCLUDED.memory_gb,
  disk_gb = EXCLUDED.disk_gb, network_mbps = EXCLUDED.network_mbps;

-- A subscription per demo account: MRR from $99 to $1,499, two past due, one cancelled; the
-- degrading domain's owner is the largest customer.
INSERT INTO subscriptions (account_id, plan, mrr_usd, status, started_on, cancelled_on)
SELECT 'acct-' || i,
       CASE WHEN i < 5 THEN 'enterprise' WHEN i < 20 THEN 'business' ELSE 'starter' END,
       CASE WHEN i < 5 THEN 1499 WHEN i < 20 THEN 499 ELSE 99 END,
       CASE WHEN i IN (17, 31) THEN 'past_due' WHEN i = 38 THEN 'cancelled' ELSE 'active' END,
       date '2025-06-01' + i * 7,
       CASE WHEN i = 38 THEN (now() AT TIME ZONE 'UTC')::date - 3 END
FROM generate_series(0, 39) AS i
UNION ALL SELECT 'acct-degrading', 'enterprise', 4900, 'active', date '2025-03-01', NULL
ON CONFLICT (account_id) DO UPDATE SET plan = EXCLUDED.plan, mrr_usd = EXCLUDED.mrr_usd, status = EXCLUDED.status,
  started_on = EXCLUDED.started_on, cancelled_on = EXCLUDED.cancelled_on;
