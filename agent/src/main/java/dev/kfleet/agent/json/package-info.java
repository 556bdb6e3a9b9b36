/**
 * A small JSON writer and reader (RFC 8259) so that the agent needs no JSON library:
 * {@link dev.kfleet.agent.json.JsonWriter} streams a document with deterministic key
 * order, {@link dev.kfleet.agent.json.JsonReader} parses a document into a tree of maps,
 * lists, strings, numbers, booleans and {@code null}.
 */
package dev.kfleet.agent.json;
