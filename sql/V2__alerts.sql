-- Alerts: one row per incident of a dimension value, written by the job. alert_id is derived from
-- (dimension, dimension_value, started_at), so a restart or replay finds the same row. The query
-- service sets acknowledged_by/acknowledged_at; the job never overwrites them.
CREATE TABLE alerts (
    alert_id              text             PRIMARY KEY,
    dimension             text             NOT NULL,
    dimension_value       text             NOT NULL,
    status                text             NOT NULL CHECK (status IN ('firing', 'resolved')),
    severity              text             NOT NULL CHECK (severity IN ('monitor', 'warning', 'critical')),
    current_severity      text             NOT NULL,
    started_at            timestamptz      NOT NULL,
    ended_at              timestamptz,
    last_change_at        timestamptz      NOT NULL,
    sent                  bigint           NOT NULL,
    bounce_rate           double precision,
    spam_rate             double precision,
    deliverability_rate   double precision,
    revenue_risk_usd      double precision NOT NULL,
    acknowledged_by       text,
    acknowledged_at       timestamptz,
    updated_at            timestamptz      NOT NULL DEFAULT now()
);

CREATE INDEX alerts_status_idx ON alerts (status, last_change_at DESC);
CREATE INDEX alerts_key_idx ON alerts (dimension, dimension_value, started_at DESC);

-- Every notification an alert made (firing, escalated, repeat, resolved), with the rates and risk
-- at that change. webhook_id is derived from the alert and the change, so it is the same across
-- restarts; the body is kept so that every retry sends the same bytes.
CREATE TABLE alert_notifications (
    webhook_id            text             PRIMARY KEY,
    alert_id              text             NOT NULL REFERENCES alerts (alert_id),
    seq                   integer          NOT NULL,
    kind                  text             NOT NULL CHECK (kind IN ('firing', 'escalated', 'repeat', 'resolved')),
    status                text             NOT NULL CHECK (status IN ('firing', 'resolved')),
    severity              text             NOT NULL,
    changed_at            timestamptz      NOT NULL,
    sent                  bigint           NOT NULL,
    bounce_rate           double precision,
    spam_rate             double precision,
    deliverability_rate   double precision,
    revenue_risk_usd      double precision NOT NULL,
    body                  text             NOT NULL,
    replay                boolean          NOT NULL DEFAULT false,
    created_at            timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (alert_id, seq)
);

-- Delivery of one notification to one webhook URL: the outbox the dispatcher works from.
-- state: pending (due at next_attempt_at), delivered, gave_up (retry horizon passed),
-- disabled (the target answered 410), skipped (a repeat of an acknowledged alert).
CREATE TABLE alert_delivery_targets (
    webhook_id            text             NOT NULL REFERENCES alert_notifications (webhook_id),
    target_url            text             NOT NULL,
    alert_id              text             NOT NULL,
    seq                   integer          NOT NULL,
    state                 text             NOT NULL DEFAULT 'pending'
                          CHECK (state IN ('pending', 'delivered', 'gave_up', 'disabled', 'skipped')),
    attempts              integer          NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz      NOT NULL DEFAULT now(),
    created_at            timestamptz      NOT NULL DEFAULT now(),
    updated_at            timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (webhook_id, target_url)
);

CREATE INDEX alert_delivery_targets_due_idx ON alert_delivery_targets (next_attempt_at) WHERE state = 'pending';

-- One row per delivery attempt: HTTP status, or the error when there was no answer.
CREATE TABLE alert_deliveries (
    id                    bigserial        PRIMARY KEY,
    webhook_id            text             NOT NULL,
    target_url            text             NOT NULL,
    attempt               integer          NOT NULL,
    http_status           integer,
    error                 text,
    duration_ms           integer          NOT NULL,
    attempted_at          timestamptz      NOT NULL DEFAULT now()
);

CREATE INDEX alert_deliveries_webhook_idx ON alert_deliveries (webhook_id, target_url, attempt);

-- Webhook URLs that answered 410 Gone: nothing more is sent to them.
CREATE TABLE webhook_targets_disabled (
    target_url            text             PRIMARY KEY,
    disabled_at           timestamptz      NOT NULL DEFAULT now(),
    reason                text             NOT NULL
);
