package io.ductstream.controlplane.runtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the flow's topics before their first record, with the settings the control plane renders
 * for Connect's topic creation ({@code topic.creation.default.*}: partitions, replication factor,
 * and a {@code max.message.bytes} that lets change records over the brokers' 1 MiB default
 * through), as a Connect worker with topic creation would. A topic that exists is left as it is; a
 * creation the brokers refuse (no permission) is logged and the brokers' own rules apply.
 */
final class TopicCreator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);
  private static final String PREFIX = "topic.creation.default.";
  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;
  private final Optional<Integer> partitions;
  private final Optional<Short> replication;
  private final Map<String, String> configs = new HashMap<>();
  private final Set<String> ensured = new HashSet<>();

  /**
   * @param clientSettings the producer's settings (brokers, security): the admin client uses the
   *     ones it knows
   * @param sourceConfig the source connector's configuration, with its {@code
   *     topic.creation.default.*} settings
   */
  TopicCreator(Properties clientSettings, Map<String, String> sourceConfig) {
    Properties props = new Properties();
    clientSettings.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(String.valueOf(key))) {
            props.put(key, value);
          }
        });
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "ductstream-topics");
    admin = Admin.create(props);
    Integer count = null;
    Short factor = null;
    for (Map.Entry<String, String> entry : sourceConfig.entrySet()) {
      if (!entry.getKey().startsWith(PREFIX)) {
        continue;
      }
      String name = entry.getKey().substring(PREFIX.length());
      String value = entry.getValue().trim();
      switch (name) {
        case "partitions" -> count = Integer.parseInt(value) > 0 ? Integer.valueOf(value) : null;
        case "replication.factor" ->
            factor = Short.parseShort(value) > 0 ? Short.valueOf(value) : null;
        default -> configs.put(name, value);
      }
    }
    partitions = Optional.ofNullable(count);
    replication = Optional.ofNullable(factor);
  }

  /** Creates {@code topic} unless this destination already saw it. */
  void ensure(String topic) {
    if (!ensured.add(topic)) {
      return;
    }
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, replication).configs(configs)))
          .all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      log.info("created topic {} ({})", topic, configs);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        log.warn(
            "could not create topic {} ({}); the brokers' rules apply to it",
            topic,
            e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      }
    } catch (TimeoutException e) {
      log.warn(
          "creating topic {} took over {} s; the brokers' rules apply", topic, TIMEOUT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
