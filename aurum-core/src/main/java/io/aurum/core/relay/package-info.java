/**
 * The Kafka relay (issue 21): {@link io.aurum.core.relay.OutboxRelay} moves the outbox rows that
 * publishes, rollbacks, quarantines and corruption isolations write into a downstream log, over two
 * ports: the {@link io.aurum.core.relay.Outbox} (the store) and the {@link
 * io.aurum.core.relay.ChangePublisher} (Kafka, in the app).
 */
package io.aurum.core.relay;
