package io.ductstream.source.pg.records;

import org.apache.kafka.connect.data.Struct;

/** A row a backfill chunk read, with its key, as the stream's mapper of the table builds them. */
public record ReadRow(Struct key, Struct row, long estimatedBytes) {}
