package io.ductstream.source.pg.types;

/**
 * A legal Postgres value the column's Connect type cannot hold exactly: {@code value} is what the
 * typed column holds (null, or the array's elements without their bounds) and {@code text} the
 * exact value, which the change envelope carries in {@code overflow} (docs/types.md, "Values a
 * column's type cannot hold"). Decoders return it instead of failing, so no legal value stops a
 * flow.
 */
public record OverflowValue(Object value, String text) {}
