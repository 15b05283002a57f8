package io.ductstream.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for tests that scrape {@code
 * /metrics}: every line must be a comment, a {@code # HELP}/{@code # TYPE} line or a sample of a
 * family whose TYPE came first; label values may hold only the three escapes of the format. A line
 * that breaks a rule fails the parse with its number.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final List<String> TYPES =
      List.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final List<String> SUFFIXES =
      List.of("", "_total", "_created", "_sum", "_count", "_bucket");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;
  private final Map<String, String> types;

  private PrometheusText(List<Sample> samples, Map<String, String> types) {
    this.samples = samples;
    this.types = types;
  }

  /** GETs {@code url} and parses the body; the status must be 200 and the type text/plain. */
  public static PrometheusText scrape(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("text/plain")) {
      throw new IllegalStateException(url + " is not Prometheus text: Content-Type " + type);
    }
    return parse(response.body());
  }

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      try {
        if (line.isEmpty()) {
          if (i != lines.length - 1) {
            throw new IllegalArgumentException("empty line");
          }
        } else if (line.startsWith("# TYPE ")) {
          String[] parts = line.substring(7).split(" ");
          if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !TYPES.contains(parts[1])) {
            throw new IllegalArgumentException("bad TYPE line");
          }
          if (types.put(parts[0], parts[1]) != null) {
            throw new IllegalArgumentException("second TYPE for " + parts[0]);
          }
        } else if (line.startsWith("# HELP ")) {
          String name = line.substring(7).split(" ", 2)[0];
          if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad HELP line");
          }
        } else if (line.startsWith("#")) {
          continue; // a comment
        } else {
          Sample sample = sample(line);
          if (family(sample.name(), types) == null) {
            throw new IllegalArgumentException("sample before the TYPE of its family");
          }
          samples.add(sample);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " is not Prometheus text (" + e.getMessage() + "): " + line, e);
      }
    }
    return new PrometheusText(samples, types);
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The TYPE of the family {@code name} belongs to, or null. */
  public String type(String name) {
    return family(name, types) == null ? null : types.get(family(name, types));
  }

  /** The samples named {@code name} whose labels include {@code labels}. */
  public List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The one sample named {@code name} with labels including {@code labels}; else it fails. */
  public double value(String name, Map<String, String> labels) {
    List<Sample> found = find(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " samples of " + name + " " + labels + " in:\n" + samples);
    }
    return found.get(0).value();
  }

  /** The sum of the samples named {@code name} with labels including {@code labels}. */
  public double sum(String name, Map<String, String> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  private static String family(String name, Map<String, String> types) {
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return null;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("no value");
    }
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    int at;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      at = labels(line, brace + 1, labels);
      if (at >= line.length() || line.charAt(at) != ' ') {
        throw new IllegalArgumentException("no space after the labels");
      }
    } else {
      name = line.substring(0, space);
      at = space;
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name " + name);
    }
    String[] rest = line.substring(at + 1).split(" ");
    if (rest.length < 1 || rest.length > 2) {
      throw new IllegalArgumentException("expected a value and at most a timestamp");
    }
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, labels, value(rest[0]));
  }

  /** Reads {@code a="x",b="y"}} from {@code at}; returns the index after the closing brace. */
  private static int labels(String line, int at, Map<String, String> labels) {
    while (true) {
      if (line.charAt(at) == '}') {
        return at + 1;
      }
      int equals = line.indexOf('=', at);
      String label = line.substring(at, equals);
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("bad label name " + label);
      }
      if (line.charAt(equals + 1) != '"') {
        throw new IllegalArgumentException("label value not quoted");
      }
      StringBuilder value = new StringBuilder();
      int i = equals + 2;
      for (; line.charAt(i) != '"'; i++) {
        char c = line.charAt(i);
        if (c == '\\') {
          char next = line.charAt(++i);
          value.append(
              switch (next) {
                case '\\' -> '\\';
                case '"' -> '"';
                case 'n' -> '\n';
                default -> throw new IllegalArgumentException("bad escape \\" + next);
              });
        } else {
          value.append(c);
        }
      }
      if (labels.put(label, value.toString()) != null) {
        throw new IllegalArgumentException("label " + label + " twice");
      }
      at = i + 1;
      if (line.charAt(at) == ',') {
        at++;
      } else if (line.charAt(at) != '}') {
        throw new IllegalArgumentException("expected , or } after a label");
      }
    }
  }

  private static double value(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        if (!text.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")) {
          throw new IllegalArgumentException("bad value " + text);
        }
        yield Double.parseDouble(text);
      }
    };
  }
}
