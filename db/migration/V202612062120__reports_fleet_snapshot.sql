-- The fleet aggregates, computed by one replica per period (a fleet job, ADR 0031) and read
-- by every replica for its gauges, so that all replicas serve the same values. One row; the
-- snapshot carries the time it was computed.
CREATE TABLE report_fleet_snapshot (
    id        smallint PRIMARY KEY CHECK (id = 1),
    snapshot  jsonb
);
INSERT INTO report_fleet_snapshot (id, snapshot) VALUES (1, NULL);
