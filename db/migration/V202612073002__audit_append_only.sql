-- Nothing changes or deletes an audit event but the retention job (ADR 0040): the API has
-- no such operation, and the database refuses UPDATE, TRUNCATE, and DELETE in a transaction
-- that has not said it is the retention's (SET LOCAL kfleet.audit_retention = 'on', which
-- AuditEventRepository.deleteOlderThan does). A guard against a mistake in code or at a
-- psql prompt, not against the database's owner, who can drop the trigger. One statement
-- trigger: inserts cost nothing, and a retention batch one call.
CREATE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('kfleet.audit_retention', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused (only the retention job deletes, ADR 0040)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
