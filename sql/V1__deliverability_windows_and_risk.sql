-- Outcome counts per dimension value and 1-minute event-time window, written by the Flink job
-- with idempotent upserts: early while the minute is open (is_final = false), finally once the
-- watermark has passed it, and again for late events within the allowed lateness.
CREATE TABLE deliverability_window (
    dimension        text        NOT NULL,
    dimension_value  text        NOT NULL,
    window_start     timestamptz NOT NULL,
    window_end       timestamptz NOT NULL,
    sent             bigint      NOT NULL DEFAULT 0,
    delivered        bigint      NOT NULL DEFAULT 0,
    bounced          bigint      NOT NULL DEFAULT 0,
    soft_bounced     bigint      NOT NULL DEFAULT 0,
    deferred         bigint      NOT NULL DEFAULT 0,
    dropped          bigint      NOT NULL DEFAULT 0,
    spam_complaints  bigint      NOT NULL DEFAULT 0,
    is_final         boolean     NOT NULL DEFAULT false,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dimension, dimension_value, window_start),
    CONSTRAINT deliverability_window_dimension_check CHECK (dimension IN
        ('all', 'account', 'sending_domain', 'sending_ip', 'provider', 'recipient_domain'))
);

CREATE INDEX deliverability_window_start_idx ON deliverability_window (window_start);

-- The latest evaluation of each dimension value over the trailing evaluation window
-- [window_from, evaluated_at), both in event time. Rates are null when their denominator is 0.
CREATE TABLE risk_snapshot (
    dimension            text             NOT NULL,
    dimension_value      text             NOT NULL,
    window_from          timestamptz      NOT NULL,
    evaluated_at         timestamptz      NOT NULL,
    sent                 bigint           NOT NULL,
    delivered            bigint           NOT NULL,
    bounced              bigint           NOT NULL,
    soft_bounced         bigint           NOT NULL,
    deferred             bigint           NOT NULL,
    dropped              bigint           NOT NULL,
    spam_complaints      bigint           NOT NULL,
    bounce_rate          double precision,
    spam_rate            double precision,
    deliverability_rate  double precision,
    monthly_volume       double precision NOT NULL,
    revenue_risk_usd     double precision NOT NULL,
    severity             text             NOT NULL,
    policy               text             NOT NULL,
    updated_at           timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (dimension, dimension_value),
    CONSTRAINT risk_snapshot_severity_check CHECK (severity IN
        ('insufficient_data', 'healthy', 'monitor', 'warning', 'critical'))
);

CREATE INDEX risk_snapshot_rank_idx ON risk_snapshot (dimension, revenue_risk_usd DESC);

-- Records the job could not count: unparseable, missing a required field, or too late for their
-- window. One row per Kafka record; payload is cut at DEAD_LETTER_MAX_PAYLOAD_BYTES and
-- payload_bytes keeps the original size.
CREATE TABLE dead_letter_events (
    id               bigserial   PRIMARY KEY,
    topic            text        NOT NULL,
    kafka_partition  integer     NOT NULL,
    kafka_offset     bigint      NOT NULL,
    reason           text        NOT NULL,
    payload          text,
    payload_bytes    integer     NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (topic, kafka_partition, kafka_offset)
);

CREATE INDEX dead_letter_events_received_idx ON dead_letter_events (received_at);
