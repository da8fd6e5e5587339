-- Hourly and daily (UTC) rollups of deliverability_window, written by the Flink job from the minute
-- windows with the same idempotent upserts and early/final rules: a row is early
-- (is_final = false) while its hour or day is open, final once the watermark has passed its end
-- (all of its minutes are final by then), and rewritten when a late event within the allowed
-- lateness updates one of its minutes. Long trends, reputation and the executive panels read
-- these instead of scanning minutes.
CREATE TABLE deliverability_hourly (
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
    CONSTRAINT deliverability_hourly_dimension_check CHECK (dimension IN
        ('all', 'account', 'sending_domain', 'sending_ip', 'provider', 'recipient_domain'))
);

CREATE INDEX deliverability_hourly_start_idx ON deliverability_hourly (window_start);

CREATE TABLE deliverability_daily (
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
    CONSTRAINT deliverability_daily_dimension_check CHECK (dimension IN
        ('all', 'account', 'sending_domain', 'sending_ip', 'provider', 'recipient_domain'))
);

CREATE INDEX deliverability_daily_start_idx ON deliverability_daily (window_start);
