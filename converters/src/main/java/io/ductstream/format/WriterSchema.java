package io.ductstream.format;

import io.ductstream.format.mapping.SchemaNode;
import org.apache.kafka.connect.data.Schema;

/**
 * A writer schema as a converter knows it: the Connect schema, its JSON form, the schema header
 * this converter writes for it (that JSON in the configured {@link SchemaHeaderEncoding}), the
 * fingerprint that identifies it in payloads, and the format's compiled form.
 */
public record WriterSchema<S>(
    Schema connect,
    SchemaNode node,
    byte[] connectJson,
    byte[] header,
    long fingerprint,
    S compiled) {}
