-- The reconciler reads the hosts of a wave that have something new to judge, not the whole wave
-- in every run (ADR 0035): to_judge is set in the transaction that records a result of the
-- host's agent for the version its rollout asked, or that decommissions the host; the hosts
-- past their deadline come from their own index. With 36,000 hosts applying, a run read them
-- all (0.5 s of the database's time) to find the few hundred that had answered.
ALTER TABLE rollout_host ADD COLUMN to_judge boolean NOT NULL DEFAULT false;

UPDATE rollout_host rh SET to_judge = true
WHERE rh.state IN ('pending', 'applying', 'rolling-back')
  AND (EXISTS (SELECT 1 FROM desired_state_result d
               WHERE d.host_id = rh.host_id AND d.desired_version = rh.desired_version)
       OR EXISTS (SELECT 1 FROM host h WHERE h.id = rh.host_id AND h.decommissioned_at IS NOT NULL));

CREATE INDEX rollout_host_to_judge_idx ON rollout_host (rollout_id)
    WHERE to_judge AND state IN ('pending', 'applying', 'rolling-back');
CREATE INDEX rollout_host_deadline_idx ON rollout_host (rollout_id, deadline_at)
    WHERE state IN ('applying', 'rolling-back');
