package io.ductstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ServerIT {
  private static String bucket;

  @BeforeAll
  static void createBucket() {
    bucket = S3Server.shared().createBucket("s3-smoke");
  }

  @Test
  void objectIsPutListedAndFetched() {
    try (S3Client s3 = S3Server.shared().client()) {
      s3.putObject(b -> b.bucket(bucket).key("a/one.json"), RequestBody.fromString("{\"id\":1}"));
      s3.putObject(b -> b.bucket(bucket).key("a/two.json"), RequestBody.fromString("{\"id\":2}"));

      List<String> keys =
          s3.listObjectsV2(b -> b.bucket(bucket).prefix("a/")).contents().stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys).containsExactly("a/one.json", "a/two.json");
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/two.json")).asUtf8String())
          .isEqualTo("{\"id\":2}");
    }
  }

  @Test
  void multipartUploadAssemblesItsParts() {
    byte[] part1 = filled(5 * 1024 * 1024, (byte) 'x');
    byte[] part2 = filled(1024, (byte) 'y');
    try (S3Client s3 = S3Server.shared().client()) {
      String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big.bin")).uploadId();
      List<CompletedPart> parts = new ArrayList<>();
      byte[][] bodies = {part1, part2};
      for (int i = 0; i < bodies.length; i++) {
        int number = i + 1;
        String etag =
            s3.uploadPart(
                    b -> b.bucket(bucket).key("big.bin").uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(bodies[i]))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key("big.bin")
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));

      byte[] stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin")).asByteArray();
      assertThat(stored).hasSize(part1.length + part2.length);
      assertThat(Arrays.copyOfRange(stored, part1.length - 1, part1.length + 1))
          .containsExactly('x', 'y');
    }
  }

  @Test
  void runsBesideAConnectWorkerInTheSameJvm() {
    // S3Proxy and Connect's REST server both use Jetty; the sink's tests need both up at once.
    String plugins = KafkaConnectCluster.shared().restGet("/connector-plugins");
    try (S3Client s3 = S3Server.shared().client()) {
      s3.putObject(b -> b.bucket(bucket).key("beside-connect"), RequestBody.fromString(plugins));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("beside-connect")).asUtf8String())
          .isEqualTo(plugins);
    }
    assertThat(KafkaConnectCluster.shared().connect().anyWorkersHealthy()).isTrue();
  }

  private static byte[] filled(int size, byte value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
