package io.ductstream.source.pg.snapshot;

/**
 * One unit of snapshot work: a key (or block) range of a table.
 *
 * @param order the chunk's place in the table's key order within this run, for merging completed
 *     ranges in key order without comparing key values in Java
 */
public record Chunk(String table, KeyRange range, long order) {}
