-- What a fleet job computed for every replica to serve (ADR 0031): one row per snapshot name
-- (the reports' fleet aggregates, the rollouts' gauges), replaced by each run of the job that
-- computes it, read by every replica. The snapshot carries the time it was computed.
CREATE TABLE fleet_snapshot (
    name      text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
    snapshot  jsonb NOT NULL
);
