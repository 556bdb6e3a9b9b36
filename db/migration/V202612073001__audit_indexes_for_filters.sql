-- The audit log is read newest first by (at, id) — at is when the action happened, id breaks
-- ties between events of one instant (a bulk write) — a page at a time, with a keyset cursor
-- (at, id) < (:at, :id) (ADR 0008, ADR 0040). Every filter of GET /api/v1/audit-events has an
-- index that ends in (at, id), so that on millions of rows a page is one backward range scan
-- of that index: the equality selects the filter's rows, (at, id) gives them in the page's
-- order and bounds the time range (from/to) and the cursor, and the scan stops after limit + 1
-- rows. No page sorts, and none reads rows that do not match: a rare actor, action or target
-- costs the same as a frequent one. Several filters at once use the most selective index and
-- check the others on the rows it yields.
--
-- Without these, a filter on a rare value walked the (at, id) order through every row newer
-- than its matches, and a time range in the past did the same; the old (action, id) and
-- (target_id, id) indexes give rows in id order, not in time order.
--
-- The cost is on writes: every index is one more entry per event. The heaviest writer is a
-- rollout's wave (10,000 hosts' desired state in one statement, 10,000 events of the actor
-- `service`, target type `host`, ADR 0030). So the indexes of values that such rows hold
-- in bulk leave those rows out (partial indexes): a filter on a frequent value (the
-- service's rows, hosts) is served by the (at, id) index, since matching rows are dense
-- there, and a filter on any other value by its partial index (the query repeats the
-- index's predicate as a literal, which the equality implies, so results never change and
-- a generic plan still matches it). Measured on 1,050,000 events (2-core VM, other builds
-- running, five rounds): a wave's 10,000 events took 180-250 ms with the old three indexes,
-- 340-500 ms with ten full ones, 210-450 ms (median about 270) with these. Every filter is
-- one backward index range scan reading a page of rows (EXPLAIN ANALYZE, generic plans):
-- under a millisecond for a rare actor, action, target type or the refusals, a time range
-- 300 days back, and an action with a time range and a cursor.
--
-- The CREATE INDEX statements hold a lock that blocks inserts into audit_event (every audited
-- change) while they build: about 20 s per million events on that VM.
-- CONCURRENTLY cannot run inside Flyway's transaction (ADR 0005).

DROP INDEX audit_event_action_idx;
DROP INDEX audit_event_target_idx;

-- No filter, a time range only, and the retention job (the oldest first: at < cutoff).
CREATE INDEX audit_event_at_idx ON audit_event (at, id);

-- action=host.decommissioned
CREATE INDEX audit_event_action_at_idx ON audit_event (action, at, id);

-- action=host.* (a group: the action's first segment). The query uses the same expression.
CREATE INDEX audit_event_action_group_at_idx ON audit_event ((split_part(action, '.', 1)), at, id);

-- actor=<uuid> (an API token's, an enrollment secret's or a host's id). The service has no id.
CREATE INDEX audit_event_actor_id_at_idx ON audit_event (actor_id, at, id) WHERE actor_id IS NOT NULL;

-- actor=<name>: every name but the service's own (`kfleet`, the bulk of the rows).
CREATE INDEX audit_event_actor_name_at_idx ON audit_event (actor_name, at, id) WHERE actor_name <> 'kfleet';

-- actorKind=bootstrap-token: five kinds, some rare (the bootstrap token); all but the service's.
CREATE INDEX audit_event_actor_kind_at_idx ON audit_event (actor_kind, at, id) WHERE actor_kind <> 'service';

-- targetType=api-token: every type but host (the bulk of the rows).
CREATE INDEX audit_event_target_type_at_idx ON audit_event (target_type, at, id) WHERE target_type <> 'host';

-- targetId=<any string>.
CREATE INDEX audit_event_target_id_at_idx ON audit_event (target_id, at, id);

-- outcome=refused: refusals are few among successes, so a partial index holds only them
-- (the query names the outcome as a literal, so a generic plan still matches the predicate).
-- outcome=succeeded is almost every row: the (at, id) index serves it.
CREATE INDEX audit_event_refused_at_idx ON audit_event (at, id) WHERE outcome = 'refused';
