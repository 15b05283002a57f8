package io.ductstream.controlplane.quickstart;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * The quick start's S3-compatible server: S3Proxy in this process on a loopback port, storing each
 * bucket as a directory under {@code directory} and each object as a file at its key, so what the
 * flow writes through the S3 API can be opened directly on disk.
 */
public final class EmbeddedS3 implements AutoCloseable {
  private final S3Proxy proxy;
  private final URI endpoint;

  private EmbeddedS3(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /**
   * Starts the server on loopback {@code port} with objects under {@code directory} (created when
   * missing, reused afterwards), accepting requests signed with these credentials.
   */
  public static EmbeddedS3 start(Path directory, int port, String accessKey, String secretKey)
      throws Exception {
    Files.createDirectories(directory);
    Properties store = new Properties();
    store.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    store.setProperty("jclouds.identity", accessKey);
    store.setProperty("jclouds.credential", secretKey);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem", store))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException(
            "the S3 server is still " + proxy.getState() + " after 30 s");
      }
      Thread.sleep(10);
    }
    return new EmbeddedS3(proxy);
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
