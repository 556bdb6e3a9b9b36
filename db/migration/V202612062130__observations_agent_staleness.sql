-- Whether each host's agent counts as stale, as the stale-host scan (a fleet job, ADR 0031)
-- last found it, so that the scan announces only the hosts whose staleness changed
-- (ObservationsChanged, ADR 0032). Not indexed, so heartbeats stay HOT updates (ADR 0009).
ALTER TABLE host_agent ADD COLUMN stale boolean NOT NULL DEFAULT false;
