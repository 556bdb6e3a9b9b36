-- Service replicas poll for desired states changed since their last poll. change_seq was
-- taken from a sequence before commit, so a change that committed after a later-numbered one
-- was skipped by a replica that had already seen the later number (issue 13). Each row now
-- records the transaction that wrote it; a replica reads the rows written by transactions
-- that were still running, or had not begun, when its previous poll looked (ADR 0028).
ALTER TABLE desired_state ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX desired_state_change_xid_idx ON desired_state (change_xid);
DROP INDEX desired_state_change_seq_idx;
ALTER TABLE desired_state DROP COLUMN change_seq;
DROP SEQUENCE desired_state_change_seq;
