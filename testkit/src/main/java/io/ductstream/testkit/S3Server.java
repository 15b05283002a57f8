package io.ductstream.testkit;

import java.net.URI;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (S3Proxy with its in-memory store) in-process on a free port, started
 * once per test JVM. Clients reach it with {@code endpointOverride} and path-style access; each
 * test class creates its own bucket with {@link #createBucket(String)}.
 */
public final class S3Server {
  public static final String ACCESS_KEY = "ductstream-test";
  public static final String SECRET_KEY = "ductstream-test-secret";
  public static final String REGION = "us-east-1";

  private static S3Server shared;

  private final S3Proxy proxy;
  private final URI endpoint;
  private final AtomicInteger buckets = new AtomicInteger();

  private S3Server(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The server shared by every test class of this JVM; stopped when the JVM exits. */
  public static synchronized S3Server shared() {
    if (shared == null) {
      shared = start();
      S3Proxy proxy = shared.proxy;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      proxy.stop();
                    } catch (Exception ignored) {
                      // The JVM is exiting; the server's threads die with it.
                    }
                  },
                  "s3-server-stop"));
    }
    return shared;
  }

  private static S3Server start() {
    Properties store = new Properties();
    store.setProperty("jclouds.provider", "transient");
    store.setProperty("jclouds.identity", ACCESS_KEY);
    store.setProperty("jclouds.credential", SECRET_KEY);
    try {
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(BlobStores.create("transient", store))
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "S3Proxy state is still " + proxy.getState() + " after 30 s");
        }
        Thread.sleep(10);
      }
      return new S3Server(proxy);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not start the in-process S3 server: " + e.getMessage(), e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** An S3 client for this server: static credentials, path-style access. The caller closes it. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Creates a new, empty bucket whose name starts with {@code prefix}; one per test class. */
  public String createBucket(String prefix) {
    String name =
        prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + buckets.incrementAndGet();
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(name));
    }
    return name;
  }
}
