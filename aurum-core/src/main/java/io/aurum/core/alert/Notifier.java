package io.aurum.core.alert;

/**
 * Sends a notice over its channel's real protocol (the app's Slack, PagerDuty and SMTP senders).
 * Throws an AurumException saying why when the channel refused it or could not be reached; the
 * message never holds an endpoint, a key or a password.
 */
public interface Notifier {
  void send(Notice notice);
}
