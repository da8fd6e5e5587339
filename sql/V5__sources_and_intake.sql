-- Every real source in: dead letters say which source they came from and, besides the reason
-- name, what exactly was wrong; the intake remembers the Mailgun tokens it has accepted so that a
-- replayed request is refused by every instance.

ALTER TABLE dead_letter_events
    ADD COLUMN source text,
    ADD COLUMN detail text;

CREATE INDEX dead_letter_events_reason_idx ON dead_letter_events (reason);

-- A Mailgun webhook token counts as seen once its request was answered 2xx (a retry after a 503
-- is accepted). Rows older than the timestamp tolerance can go: a stale request is refused anyway.
CREATE TABLE intake_seen_tokens (
    provider   text        NOT NULL,
    token      text        NOT NULL,
    seen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, token)
);

CREATE INDEX intake_seen_tokens_seen_at_idx ON intake_seen_tokens (seen_at);
