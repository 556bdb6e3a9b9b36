/**
 * A JSON Schema engine: a schema (2020-12, as OpenAPI 3.1 uses it) compiled once into
 * plain checks ({@link dev.kfleet.platform.jsonschema.CompiledSchema}). General: it knows
 * nothing of kfleet's documents; a module compiles the schema it needs (agents: the
 * contract's {@code HostReport}). A named interface of {@code platform}, so that a module
 * states that it uses it ({@code "platform :: jsonschema"}); what it does not export
 * stays package-private here.
 */
@NullMarked
@NamedInterface("jsonschema")
package dev.kfleet.platform.jsonschema;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
