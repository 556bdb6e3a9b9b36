-- The fleet aggregates are stored in the platform's fleet_snapshot table (as "fleet-aggregates")
-- from this version on; the next run of the fleet job writes them there. During a rolling
-- upgrade, a replica of the older version logs that it cannot read its aggregates until it is
-- replaced.
DROP TABLE report_fleet_snapshot;
