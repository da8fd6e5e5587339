-- Strategic decisions, written by the job from PostHog's strategic_decision_event. One row per
-- decision_id: the version with the latest event time (ties: the larger event id), so a replay or
-- a revision arriving before the decision it revises gives the same rows. expected_outcomes keeps
-- the version's outcome list as it came; decision_outcomes is that list as rows, replaced as a
-- whole (by the trigger below) whenever a newer version replaces the decision.
CREATE TABLE strategic_decisions (
    decision_id        text          PRIMARY KEY,
    decision_type      text,
    maker              text,
    title              text,
    decided_at         timestamptz   NOT NULL,
    review_date        date,
    status             text          NOT NULL DEFAULT 'proposed'
                                     CHECK (status IN ('proposed', 'approved', 'implemented', 'reverted')),
    cost_usd           numeric(14,2) CHECK (cost_usd >= 0),
    scope_dimension    text          NOT NULL DEFAULT 'all',
    scope_value        text          NOT NULL DEFAULT 'all',
    expected_outcomes  jsonb         NOT NULL DEFAULT '[]',
    event_id           text          COLLATE "C" NOT NULL,
    updated_at         timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX strategic_decisions_status_idx ON strategic_decisions (status);
CREATE INDEX strategic_decisions_review_date_idx ON strategic_decisions (review_date);

CREATE TABLE decision_outcomes (
    decision_id  text              NOT NULL REFERENCES strategic_decisions (decision_id) ON DELETE CASCADE,
    kpi          text              NOT NULL,
    baseline     double precision  NOT NULL,
    target       double precision  NOT NULL,
    due          date              NOT NULL,
    PRIMARY KEY (decision_id, kpi)
);

-- The outcome rows follow the decision's version: all of them replaced in the statement that
-- writes the version, so no reader sees a decision with another version's outcomes. The function
-- keeps the schema it was created in, whatever the writer's search_path.
CREATE FUNCTION replace_decision_outcomes() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM decision_outcomes WHERE decision_id = NEW.decision_id;
    INSERT INTO decision_outcomes (decision_id, kpi, baseline, target, due)
    SELECT NEW.decision_id, o.kpi, o.baseline, o.target, o.due
    FROM jsonb_to_recordset(NEW.expected_outcomes) AS o(kpi text, baseline double precision, target double precision, due date);
    RETURN NULL;
END
$$;

CREATE TRIGGER strategic_decisions_replace_outcomes
    AFTER INSERT OR UPDATE ON strategic_decisions
    FOR EACH ROW EXECUTE FUNCTION replace_decision_outcomes();
