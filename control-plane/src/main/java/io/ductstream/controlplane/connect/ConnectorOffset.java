package io.ductstream.controlplane.connect;

import com.google.protobuf.Struct;

/**
 * One committed offset of a connector as {@code GET /connectors/{name}/offsets} reports it: a
 * source partition and its offset (JSON objects; numbers are doubles, as JSON has them).
 */
public record ConnectorOffset(Struct partition, Struct offset) {}
