-- Events between modules (ADR 0032): Spring Modulith's event publication registry stores
-- one row per event and listener in the transaction that publishes the event, marks it
-- completed when the listener has run, and delivers the incomplete ones again after a
-- restart. The table is Spring Modulith's own (its PostgreSQL schema, version 2).
CREATE TABLE event_publication (
    id                     uuid                     NOT NULL,
    listener_id            text                     NOT NULL,
    event_type             text                     NOT NULL,
    serialized_event       text                     NOT NULL,
    publication_date       timestamp with time zone NOT NULL,
    completion_date        timestamp with time zone,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamp with time zone,
    PRIMARY KEY (id)
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
