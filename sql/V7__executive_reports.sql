-- Executive reports, written by the query service: on its schedule (REPORT_SCHEDULE), on request
-- (POST /api/v1/reports) and by scripts/report.sh. Each row keeps what was sent: the page, the PDF
-- and the figures they state, so a report reads the same however the data changes later.
CREATE TABLE executive_reports (
    report_id          bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_from        timestamptz   NOT NULL,
    period_to          timestamptz   NOT NULL,
    origin             text          NOT NULL CHECK (origin IN ('schedule', 'request', 'script')),
    -- the schedule's slot this report was made for: one report per slot, whatever the instances
    scheduled_for      timestamptz   UNIQUE,
    requested_by       text,
    time_zone          text          NOT NULL,
    generated_at       timestamptz   NOT NULL,
    generation_millis  integer       NOT NULL CHECK (generation_millis >= 0),
    health_score       double precision,
    figures            jsonb         NOT NULL,
    html               text          NOT NULL,
    pdf                bytea         NOT NULL,
    -- e-mail: not_configured (no SMTP_URL), not_requested, pending, retrying, sent or failed
    delivery_status    text          NOT NULL CHECK (delivery_status IN
                                     ('not_configured', 'not_requested', 'pending', 'retrying', 'sent', 'failed')),
    recipients         text[]        NOT NULL DEFAULT '{}',
    delivery_attempts  integer       NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    last_error         text,
    delivered_at       timestamptz,
    CHECK (period_to > period_from),
    CHECK ((origin = 'schedule') = (scheduled_for IS NOT NULL))
);

CREATE INDEX executive_reports_generated_idx ON executive_reports (generated_at DESC);
CREATE INDEX executive_reports_delivery_idx ON executive_reports (next_attempt_at)
    WHERE delivery_status IN ('pending', 'retrying');
