package io.ductstream.controlplane.server;

import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.WireFormat;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.util.Map;

/** Flows the in-process API server runs in tests: public.orders of a source to the S3 server. */
final class TestFlows {
  private TestFlows() {}

  /**
   * A flow of {@code source}'s public.orders to {@code bucket} under prefix cdc, in {@code format}
   * (json or parquet), objects cut every {@code rotate}, with {@code extra} S3 options.
   */
  static Flow s3Flow(
      String name,
      TestDatabase source,
      String bucket,
      String format,
      String rotate,
      Map<String, String> extra) {
    S3Server s3 = S3Server.shared();
    return Flow.newBuilder()
        .setName(name)
        .setWireFormat(
            format.equals("parquet") ? WireFormat.WIRE_FORMAT_PARQUET : WireFormat.WIRE_FORMAT_JSON)
        .setSource(
            Endpoint.newBuilder()
                .setName("pg")
                .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                .putOptions("dsn", source.postgresUrl())
                .putOptions("slot", name + "_slot")
                .putOptions("publication", name + "_pub")
                .putOptions("create_slot", "true")
                .putOptions("ensure_publication", "true")
                .putOptions("publication_tables", "public.orders"))
        .addDestinations(
            Endpoint.newBuilder()
                .setName("lake")
                .setType(EndpointType.ENDPOINT_TYPE_S3)
                .putOptions("bucket", bucket)
                .putOptions("prefix", "cdc")
                .putOptions("region", S3Server.REGION)
                .putOptions("endpoint", s3.endpoint().toString())
                .putOptions("force_path_style", "true")
                .putOptions("access_key", S3Server.ACCESS_KEY)
                .putOptions("secret_key", S3Server.SECRET_KEY)
                .putOptions("format", format)
                .putOptions("rotate_interval", rotate)
                .putAllOptions(extra))
        .build();
  }
}
