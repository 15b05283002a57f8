package io.ductstream.controlplane.connect;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.Secrets;
import io.ductstream.controlplane.json.JsonValues;
import io.ductstream.controlplane.translate.ConnectorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect cluster's REST API: creates, pauses, resumes, deletes connectors and reads their
 * status. A refusal becomes a FAILED_PRECONDITION and an unreachable or busy cluster an UNAVAILABLE
 * {@link RequestException}, naming the connector and quoting Connect's message. Credentials in the
 * URL ({@code http://user:pass@host:8083}) are sent as HTTP basic auth and masked in messages.
 */
public final class ConnectClient {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(ConnectClient.class);

  private final URI baseUrl;
  private final String maskedUrl;
  private final Optional<String> authorization;
  private final HttpClient http;

  public ConnectClient(URI url) {
    String userInfo = url.getRawUserInfo();
    this.baseUrl = withoutUserInfo(url);
    this.maskedUrl = masked(url);
    this.authorization =
        Optional.ofNullable(userInfo)
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                URLDecoder.decode(info, StandardCharsets.UTF_8)
                                    .getBytes(StandardCharsets.UTF_8)));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The cluster's URL with any password replaced by {@code ***}. */
  public static String masked(URI url) {
    return Secrets.maskUrl(url.toString());
  }

  public String maskedUrl() {
    return maskedUrl;
  }

  /** Creates the connector, or replaces its config ({@code PUT /connectors/{name}/config}). */
  public void putConfig(ConnectorConfig connector) {
    HttpResponse<String> response =
        send(
            connector.name(),
            "PUT",
            path(connector.name()) + "/config",
            HttpRequest.BodyPublishers.ofString(
                JsonValues.print(JsonValues.strings(connector.config()))));
    requireSuccess(connector.name(), "PUT", "/config", response);
    log.info("Kafka Connect at {}: connector {} configured", maskedUrl, connector.name());
  }

  /** Pauses the connector; false if Connect does not know it. */
  public boolean pause(String name) {
    return put(name, "/pause");
  }

  /** Resumes the connector; false if Connect does not know it. */
  public boolean resume(String name) {
    return put(name, "/resume");
  }

  /** Restarts the connector's failed instance and tasks; false if Connect does not know it. */
  public boolean restartFailed(String name) {
    HttpResponse<String> response =
        send(
            name,
            "POST",
            path(name) + "/restart?includeTasks=true&onlyFailed=true",
            HttpRequest.BodyPublishers.noBody());
    if (response.statusCode() == 404) {
      return false;
    }
    requireSuccess(name, "POST", "/restart", response);
    return true;
  }

  /**
   * Stops the connector (Connect 3.5+ {@code PUT /connectors/{name}/stop}): its tasks are shut
   * down, its config stays, and its offsets may then be altered or reset; resume or pause brings it
   * back. False if Connect does not know it.
   */
  public boolean stop(String name) {
    return put(name, "/stop");
  }

  /**
   * The connector's committed offsets ({@code GET /connectors/{name}/offsets}, Connect 3.5+); empty
   * if Connect does not know the connector or it has committed none.
   */
  public List<ConnectorOffset> offsets(String name) {
    HttpResponse<String> response =
        send(name, "GET", path(name) + "/offsets", HttpRequest.BodyPublishers.noBody());
    if (response.statusCode() == 404) {
      return List.of();
    }
    requireSuccess(name, "GET", "/offsets", response);
    List<ConnectorOffset> offsets = new ArrayList<>();
    for (Value entry : field(parse(response.body()), "offsets").getListValue().getValuesList()) {
      Struct fields = entry.getStructValue();
      offsets.add(
          new ConnectorOffset(
              field(fields, "partition").getStructValue(),
              field(fields, "offset").getStructValue()));
    }
    return offsets;
  }

  /**
   * Sets the offset of one source partition of a stopped connector ({@code PATCH
   * /connectors/{name}/offsets}, Connect 3.6+).
   *
   * @param partitionJson the partition as a JSON object, keys in the order the connector writes
   *     them (Connect finds offsets by the partition's serialized form)
   * @param offsetJson the new offset as a JSON object
   */
  public void alterOffset(String name, String partitionJson, String offsetJson) {
    String body =
        "{\"offsets\":[{\"partition\":" + partitionJson + ",\"offset\":" + offsetJson + "}]}";
    HttpResponse<String> response =
        send(name, "PATCH", path(name) + "/offsets", HttpRequest.BodyPublishers.ofString(body));
    requireSuccess(name, "PATCH", "/offsets", response);
    log.info("Kafka Connect at {}: offset of connector {} set to {}", maskedUrl, name, offsetJson);
  }

  /**
   * Forgets every offset of a stopped connector ({@code DELETE /connectors/{name}/offsets}, Connect
   * 3.6+).
   */
  public void resetOffsets(String name) {
    HttpResponse<String> response =
        send(name, "DELETE", path(name) + "/offsets", HttpRequest.BodyPublishers.noBody());
    requireSuccess(name, "DELETE", "/offsets", response);
    log.info("Kafka Connect at {}: offsets of connector {} reset", maskedUrl, name);
  }

  /** Deletes the connector; false if Connect did not know it. */
  public boolean delete(String name) {
    HttpResponse<String> response =
        send(name, "DELETE", path(name), HttpRequest.BodyPublishers.noBody());
    if (response.statusCode() == 404) {
      return false;
    }
    requireSuccess(name, "DELETE", "", response);
    log.info("Kafka Connect at {}: connector {} deleted", maskedUrl, name);
    return true;
  }

  /**
   * The connector's and its tasks' states; {@link ConnectorState#missing} if Connect does not know
   * it.
   */
  public ConnectorState status(String name) {
    HttpResponse<String> response =
        send(name, "GET", path(name) + "/status", HttpRequest.BodyPublishers.noBody());
    if (response.statusCode() == 404) {
      return ConnectorState.missing(name);
    }
    requireSuccess(name, "GET", "/status", response);
    Struct status = parse(response.body());
    Struct connector = field(status, "connector").getStructValue();
    List<ConnectorState.Task> tasks = new ArrayList<>();
    for (Value task : field(status, "tasks").getListValue().getValuesList()) {
      Struct fields = task.getStructValue();
      tasks.add(
          new ConnectorState.Task(
              (int) field(fields, "id").getNumberValue(),
              field(fields, "state").getStringValue(),
              field(fields, "worker_id").getStringValue(),
              summary(field(fields, "trace").getStringValue())));
    }
    return new ConnectorState(
        name,
        field(connector, "state").getStringValue(),
        field(connector, "worker_id").getStringValue(),
        summary(field(connector, "trace").getStringValue()),
        tasks);
  }

  private boolean put(String name, String action) {
    HttpResponse<String> response =
        send(name, "PUT", path(name) + action, HttpRequest.BodyPublishers.noBody());
    if (response.statusCode() == 404) {
      return false;
    }
    requireSuccess(name, "PUT", action, response);
    return true;
  }

  private HttpResponse<String> send(
      String connector, String method, String path, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, body);
    authorization.ifPresent(value -> request.header("Authorization", value));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RequestException(
          RequestException.Kind.UNAVAILABLE,
          "cannot reach Kafka Connect at "
              + maskedUrl
              + " for connector "
              + connector
              + " ("
              + e
              + "); check DUCTSTREAM_CONNECT_URL and that the workers are up",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestException(
          RequestException.Kind.UNAVAILABLE,
          "interrupted while calling Kafka Connect for connector " + connector,
          e);
    }
  }

  private void requireSuccess(
      String connector, String method, String action, HttpResponse<String> response) {
    int code = response.statusCode();
    if (code >= 200 && code < 300) {
      return;
    }
    // 409: a rebalance is in progress; 502-504: the worker is busy or behind a proxy. Worth a
    // retry.
    // Connect answers other errors (also 500, e.g. an unknown connector class) with what is wrong.
    boolean retry = code == 409 || code == 502 || code == 503 || code == 504;
    throw new RequestException(
        retry ? RequestException.Kind.UNAVAILABLE : RequestException.Kind.FAILED_PRECONDITION,
        "Kafka Connect at "
            + maskedUrl
            + " refused "
            + method
            + " of connector "
            + connector
            + action
            + " ("
            + code
            + "): "
            + message(response.body())
            + (retry ? "; retry shortly" : ""));
  }

  private static String message(String body) {
    try {
      String message = field(parse(body), "message").getStringValue();
      return message.isEmpty() ? oneLine(body) : oneLine(message);
    } catch (IllegalStateException e) {
      return oneLine(body);
    }
  }

  private String path(String connector) {
    return "/connectors/"
        + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Value field(Struct struct, String name) {
    return struct.getFieldsOrDefault(name, Value.getDefaultInstance());
  }

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }

  /**
   * The first line of a Connect trace, then its first cause and its root cause where they add to
   * it: a sink task's trace starts with Connect's own "Exiting WorkerSinkTask due to unrecoverable
   * exception" and the connector's message is the first cause; a source task's "Unrecoverable
   * exception from producer send callback" says nothing until its root cause (a
   * RecordTooLargeException, an authorization failure) is named.
   */
  static String summary(String trace) {
    String first = firstLine(trace);
    List<String> causes =
        trace
            .lines()
            .map(String::strip)
            .filter(line -> line.startsWith("Caused by: "))
            .map(line -> line.substring("Caused by: ".length()).strip())
            .toList();
    StringBuilder text = new StringBuilder(first);
    for (String cause :
        causes.isEmpty()
            ? List.<String>of()
            : List.of(causes.get(0), causes.get(causes.size() - 1))) {
      if (!text.toString().contains(cause)) {
        text.append("; caused by ").append(cause);
      }
    }
    return text.toString();
  }

  /**
   * The lines of Connect's message as one line (a config refusal lists each invalid key on a line
   * of its own), without its pointer to the validate endpoint.
   */
  private static String oneLine(String text) {
    String joined =
        text.strip()
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("You can also find"))
            .collect(java.util.stream.Collectors.joining(" "));
    return joined.length() > 2000 ? joined.substring(0, 2000) + "..." : joined;
  }

  private static URI withoutUserInfo(URI url) {
    String text = url.toString();
    String userInfo = url.getRawUserInfo();
    String base = userInfo == null ? text : text.replace(userInfo + "@", "");
    return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
  }

  private static Struct parse(String json) {
    return JsonValues.parse(json, "Kafka Connect's answer").getStructValue();
  }
}
