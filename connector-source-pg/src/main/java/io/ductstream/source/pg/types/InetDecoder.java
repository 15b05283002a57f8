package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code inet} and {@code cidr} to Postgres' text form ({@code 192.168.0.1/24}, {@code ::1}). */
final class InetDecoder extends TextFormDecoder {
  static final InetDecoder INET = new InetDecoder(SemanticTypes.inet().optional().build(), false);
  static final InetDecoder CIDR = new InetDecoder(SemanticTypes.cidr().optional().build(), true);

  private final boolean cidr;

  private InetDecoder(Schema schema, boolean cidr) {
    super(schema);
    this.cidr = cidr;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return InetFormat.format(buf, offset, cidr);
  }
}
