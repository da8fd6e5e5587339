-- Escalation when nobody answers: a critical alert not acknowledged within ALERT_ESCALATE_AFTER is
-- notified once more, with kind 'unacknowledged'. It escalates one notification (the one that made
-- the alert critical) and takes that notification's place in the alert's order; escalation_of is
-- unique, so however often the job restarts there is one escalation per critical notification,
-- with the one webhook id derived from it.
ALTER TABLE alert_notifications DROP CONSTRAINT alert_notifications_kind_check;
ALTER TABLE alert_notifications ADD CONSTRAINT alert_notifications_kind_check
    CHECK (kind IN ('firing', 'escalated', 'repeat', 'resolved', 'unacknowledged'));
ALTER TABLE alert_notifications DROP CONSTRAINT alert_notifications_alert_id_seq_key;
CREATE UNIQUE INDEX alert_notifications_alert_seq_idx ON alert_notifications (alert_id, seq)
    WHERE kind <> 'unacknowledged';
ALTER TABLE alert_notifications ADD COLUMN escalation_of text UNIQUE REFERENCES alert_notifications (webhook_id);
ALTER TABLE alert_notifications ADD CONSTRAINT alert_notifications_escalation_check
    CHECK ((kind = 'unacknowledged') = (escalation_of IS NOT NULL));

-- What each Alertmanager (ALERTMANAGER_URLS) was last told about an alert at one severity (its
-- label set): firing (re-sent every ALERTMANAGER_RESEND_INTERVAL) or resolved (told once). A
-- resolution Alertmanager has not yet taken stays 'firing' here and is posted again until it is.
CREATE TABLE alertmanager_alerts (
    target_url      text          NOT NULL,
    alert_id        text          NOT NULL REFERENCES alerts (alert_id),
    severity        text          NOT NULL,
    state           text          NOT NULL CHECK (state IN ('firing', 'resolved')),
    posts           integer       NOT NULL DEFAULT 1,
    last_posted_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (target_url, alert_id, severity)
);
CREATE INDEX alertmanager_alerts_firing_idx ON alertmanager_alerts (target_url) WHERE state = 'firing';
