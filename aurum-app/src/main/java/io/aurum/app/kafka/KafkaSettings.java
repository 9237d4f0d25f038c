package io.aurum.app.kafka;

import io.aurum.core.error.AurumException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and how the relay reaches Kafka: the bootstrap servers and topic prefix (flags first, then
 * {@code AURUM_KAFKA_BOOTSTRAP_SERVERS} and {@code AURUM_KAFKA_TOPIC_PREFIX}), and the client's
 * security settings from the environment: {@code AURUM_KAFKA_SECURITY_PROTOCOL} becomes {@code
 * security.protocol}, and likewise every {@code AURUM_KAFKA_SASL_*} and {@code AURUM_KAFKA_SSL_*}
 * (docs/kafka.md). Values of passwords and JAAS configurations never appear in {@link #describe}.
 */
public record KafkaSettings(
    String bootstrapServers, String topicPrefix, Map<String, String> client) {
  public static final String DEFAULT_TOPIC_PREFIX = "aurum";
  public static final String ENV_BOOTSTRAP = "AURUM_KAFKA_BOOTSTRAP_SERVERS";
  public static final String ENV_TOPIC_PREFIX = "AURUM_KAFKA_TOPIC_PREFIX";
  private static final String ENV_PREFIX = "AURUM_KAFKA_";
  private static final Pattern SERVERS =
      Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5}(,[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5})*");
  private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._\\-]{1,100}");

  public KafkaSettings {
    client = Map.copyOf(client);
  }

  /**
   * From the flags ({@code null} when not given) and the environment; a missing or malformed
   * setting is bad input that says what to give.
   */
  public static KafkaSettings of(
      String bootstrapFlag, String topicPrefixFlag, Map<String, String> env) {
    String servers = bootstrapFlag != null ? bootstrapFlag : blankToNull(env.get(ENV_BOOTSTRAP));
    if (servers == null) {
      throw new AurumException.BadInput(
          "no Kafka to send to: give --bootstrap-servers host:9092 or set " + ENV_BOOTSTRAP);
    }
    if (!SERVERS.matcher(servers).matches()) {
      throw new AurumException.BadInput(
          (bootstrapFlag != null ? "--bootstrap-servers " : ENV_BOOTSTRAP + " ")
              + servers
              + " is not a list of host:port: give e.g. kafka-1:9092,kafka-2:9092");
    }
    String prefix =
        topicPrefixFlag != null
            ? topicPrefixFlag
            : env.getOrDefault(ENV_TOPIC_PREFIX, DEFAULT_TOPIC_PREFIX);
    if (!TOPIC_PREFIX.matcher(prefix).matches()) {
      throw new AurumException.BadInput(
          "--topic-prefix "
              + prefix
              + " is not a Kafka topic name: use letters, digits, '.', '_' and '-' (default aurum)");
    }
    Map<String, String> client = new TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX)) {
        continue;
      }
      String rest = name.substring(ENV_PREFIX.length());
      if (rest.startsWith("SECURITY_") || rest.startsWith("SASL_") || rest.startsWith("SSL_")) {
        client.put(rest.toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
      }
    }
    return new KafkaSettings(servers, prefix, client);
  }

  /** The producer properties of these settings (security ones included). */
  public Properties producerProperties() {
    Properties p = new Properties();
    p.putAll(client);
    p.put("bootstrap.servers", bootstrapServers);
    return p;
  }

  /** For the start-up line: servers, prefix and client settings, secrets as {@code ***}. */
  public String describe() {
    StringBuilder s =
        new StringBuilder("bootstrap servers ")
            .append(bootstrapServers)
            .append(", topics ")
            .append(topicPrefix)
            .append(".<source>.changes");
    for (Map.Entry<String, String> e : new TreeMap<>(client).entrySet()) {
      s.append(", ")
          .append(e.getKey())
          .append('=')
          .append(secret(e.getKey()) ? "***" : e.getValue());
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "KafkaSettings[" + describe() + "]";
  }

  static boolean secret(String property) {
    return property.contains("password") || property.contains("jaas") || property.contains("key");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
