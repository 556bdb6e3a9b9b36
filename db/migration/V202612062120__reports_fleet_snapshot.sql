-- The fleet aggregates, computed by one replica per period (a fleet job, ADR 0031) and read
-- by every replica for its gauges, so that all replicas serve the same values. One row.
-- "changed" is set by the reports module's listener when hosts or their observations
-- changed (ADR 0032); the job recomputes only then, or when the snapshot is older than
-- kfleet.reports.fleet-snapshot-max-age.
CREATE TABLE report_fleet_snapshot (
    id           smallint    PRIMARY KEY CHECK (id = 1),
    computed_at  timestamptz,
    changed      boolean     NOT NULL,
    snapshot     jsonb
);
INSERT INTO report_fleet_snapshot (id, computed_at, changed, snapshot) VALUES (1, NULL, true, NULL);
