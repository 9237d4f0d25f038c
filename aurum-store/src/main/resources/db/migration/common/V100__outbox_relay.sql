-- The Kafka relay (issue 21): one lease per database, so that two relays never send at once and
-- rows leave in their order. The row exists from the start; a relay takes it when holder is null
-- or expires_at (epoch ms) has passed, and renews it with every batch.
CREATE TABLE outbox_relay_lease (
  name       VARCHAR(20)  PRIMARY KEY,
  holder     VARCHAR(200),
  expires_at BIGINT       NOT NULL
);
INSERT INTO outbox_relay_lease (name, holder, expires_at) VALUES ('relay', NULL, 0);

-- outbox.relayed_at (V002) is set when Kafka acknowledged the row. The relay reads the unrelayed
-- rows in id order, and prunes relayed ones by relayed_at: each its own partial index, so neither
-- scans the other's rows.
CREATE INDEX outbox_unrelayed ON outbox (id) WHERE relayed_at IS NULL;
CREATE INDEX outbox_relayed ON outbox (relayed_at) WHERE relayed_at IS NOT NULL;
