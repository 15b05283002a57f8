package io.ductstream.sink.s3.upload;

import io.ductstream.sink.s3.buffer.SpillingBuffer;
import io.ductstream.sink.s3.config.S3SinkConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on aws-sdk-java-v2's {@link S3Client}: one PUT up to {@code s3.part.size},
 * multipart above (one part in memory at a time), every request through the {@link Retrier}. The
 * SDK's own retries are off so that {@code s3.retries} is the one knob.
 */
public final class S3ObjectStore implements ObjectStore {
  private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);
  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final long partSize;
  private final Retrier retrier;

  public S3ObjectStore(S3Client s3, String bucket, long partSize, Retrier retrier) {
    if (partSize < 1 || partSize > S3SinkConfig.MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "part size " + partSize + " is outside 1.." + S3SinkConfig.MAX_PART_SIZE);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.partSize = partSize;
    this.retrier = retrier;
  }

  /** A store whose retries stop only at {@code s3.retries} (for use outside a sink task). */
  public static S3ObjectStore of(S3SinkConfig config) {
    return of(config, RetryBudget.unbounded());
  }

  /** A store whose retries also stop when the task's running call exhausts {@code budget}. */
  public static S3ObjectStore of(S3SinkConfig config, RetryBudget budget) {
    return new S3ObjectStore(
        client(config),
        config.bucket(),
        config.partSizeBytes(),
        Retrier.sleeping(
            config.retries(), config.retryBackoff(), config.retryBackoffMax(), budget));
  }

  /** An S3 client as the config describes: endpoint, path style, credentials, timeouts. */
  public static S3Client client(S3SinkConfig config) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(config.region()))
            .forcePathStyle(config.pathStyle())
            .credentialsProvider(credentials(config))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.requestTimeout()));
    if (!config.endpoint().isEmpty()) {
      builder.endpointOverride(URI.create(config.endpoint()));
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3SinkConfig config) {
    if (config.accessKeyId().isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey().value()));
  }

  @Override
  public void put(String key, SpillingBuffer bytes, Map<String, String> metadata) {
    if (bytes.size() <= partSize) {
      retrier.run(
          "PUT " + where(key),
          () ->
              s3.putObject(
                  b -> b.bucket(bucket).key(key).metadata(metadata).contentLength(bytes.size()),
                  RequestBody.fromContentProvider(
                      () -> open(bytes), bytes.size(), "application/octet-stream")));
    } else {
      multipart(key, bytes, metadata);
    }
  }

  private void multipart(String key, SpillingBuffer bytes, Map<String, String> metadata) {
    String uploadId =
        retrier
            .call(
                "CreateMultipartUpload " + where(key),
                () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)))
            .uploadId();
    try (InputStream in = bytes.open()) {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] part = new byte[(int) Math.min(partSize, bytes.size())];
      for (int number = 1; ; number++) {
        int length = in.readNBytes(part, 0, part.length);
        if (length == 0) {
          break;
        }
        int partNumber = number;
        long partLength = length;
        String etag =
            retrier
                .call(
                    "UploadPart " + partNumber + " of " + where(key),
                    () ->
                        s3.uploadPart(
                            b ->
                                b.bucket(bucket)
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(partNumber)
                                    .contentLength(partLength),
                            // a stream over the reused part buffer: no copy of the part per attempt
                            RequestBody.fromContentProvider(
                                () -> new ByteArrayInputStream(part, 0, (int) partLength),
                                partLength,
                                "application/octet-stream")))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      retrier.run(
          "CompleteMultipartUpload " + where(key),
          () ->
              s3.completeMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts))));
    } catch (IOException | RuntimeException e) {
      abort(key, uploadId, e);
      if (e instanceof IOException io) {
        throw new ConnectException("could not read the buffered bytes of " + where(key), io);
      }
      throw (RuntimeException) e;
    }
  }

  private void abort(String key, String uploadId, Exception cause) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      log.warn(
          "could not abort the multipart upload {} of {}; a bucket lifecycle rule that aborts"
              + " incomplete uploads removes its parts",
          uploadId,
          where(key));
    }
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) {
    retrier.run(
        "PUT " + where(key),
        () ->
            s3.putObject(
                b -> b.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes)));
  }

  /** A PUT with {@code If-None-Match: *}: S3 answers 412 when the key exists. */
  @Override
  public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
    return retrier.call(
        "PUT (if absent) " + where(key),
        () -> {
          try {
            s3.putObject(
                b -> b.bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*"),
                RequestBody.fromBytes(bytes));
            return true;
          } catch (S3Exception e) {
            if (e.statusCode() == 412) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public boolean exists(String key) {
    return retrier.call(
        "HEAD " + where(key),
        () -> {
          try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
          } catch (NoSuchKeyException e) {
            return false;
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public java.util.Optional<byte[]> get(String key) {
    return retrier.call(
        "GET " + where(key),
        () -> {
          try {
            return java.util.Optional.of(
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
          } catch (NoSuchKeyException e) {
            return java.util.Optional.<byte[]>empty();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return java.util.Optional.<byte[]>empty();
            }
            throw e;
          }
        });
  }

  @Override
  public List<String> list(String prefix) {
    return retrier.call(
        "LIST " + where(prefix),
        () ->
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList());
  }

  @Override
  public void delete(Collection<String> keys) {
    List<String> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          all.subList(from, Math.min(all.size(), from + DELETE_BATCH)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      retrier.run(
          "DELETE " + batch.size() + " objects in s3://" + bucket,
          () -> s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch))));
    }
  }

  @Override
  public long retried() {
    return retrier.retried();
  }

  @Override
  public void close() {
    s3.close();
  }

  private String where(String key) {
    return "s3://" + bucket + "/" + key;
  }

  private static InputStream open(SpillingBuffer bytes) {
    try {
      return bytes.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
