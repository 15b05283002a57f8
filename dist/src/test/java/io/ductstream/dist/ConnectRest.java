package io.ductstream.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A Kafka Connect worker's REST API, as a user drives it (PUT a connector's config, GET its
 * status): the same for the in-process 4.x worker and the 3.9 worker process.
 */
final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  ConnectRest(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  void putConnector(String name, Map<String, String> config) {
    String body;
    try {
      body = JSON.writeValueAsString(config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IllegalStateException(
          "PUT connector " + name + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  void deleteConnector(String name) {
    send(HttpRequest.newBuilder(URI.create(baseUrl + "/connectors/" + name)).DELETE().build());
  }

  String get(String path) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** True once the worker answers its root resource. */
  boolean isUp() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/"))
                      .timeout(Duration.ofSeconds(2))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until the connector and its one task are RUNNING; fails at once with the task's trace
   * when it FAILED, or with the last status when the time is up.
   */
  void awaitRunning(String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no status";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/connectors/" + name + "/status"))
                  .GET()
                  .build());
      if (response.statusCode() == 200) {
        last = response.body();
        JsonNode status = readTree(last);
        failIfFailed(name, status);
        JsonNode tasks = status.path("tasks");
        if ("RUNNING".equals(status.path("connector").path("state").asText())
            && tasks.size() == 1
            && "RUNNING".equals(tasks.get(0).path("state").asText())) {
          return;
        }
      }
      pause();
    }
    throw new IllegalStateException(
        "connector " + name + " is not RUNNING after " + timeout.toSeconds() + " s: " + last);
  }

  /** Fails with the worker's trace if the connector or a task of it FAILED. */
  void assertNotFailed(String name) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/connectors/" + name + "/status"))
                .GET()
                .build());
    if (response.statusCode() == 200) {
      failIfFailed(name, readTree(response.body()));
    }
  }

  private static void failIfFailed(String name, JsonNode status) {
    if ("FAILED".equals(status.path("connector").path("state").asText())) {
      throw new AssertionError(
          "connector " + name + " FAILED: " + status.path("connector").path("trace").asText());
    }
    for (JsonNode task : status.path("tasks")) {
      if ("FAILED".equals(task.path("state").asText())) {
        throw new AssertionError("task of " + name + " FAILED: " + task.path("trace").asText());
      }
    }
  }

  private static JsonNode readTree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + request.uri(), e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
