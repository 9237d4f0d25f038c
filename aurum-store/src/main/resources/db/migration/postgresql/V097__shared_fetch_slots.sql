-- Fetch slots of a quota lane shared by every process on one PostgreSQL (issue 21): a fetch window
-- holds one of its lane's max_concurrency slots while it talks to the upstream, so all processes
-- together never have more fetches of the lane in flight than the cap. A slot is leased on the
-- database clock (aurum_now_us, migration V096): its holder renews it while it lives, and a dead
-- holder's slot is free again once its lease has run out.

-- One row per slot of a lane (source/market:key), numbered from 0 and made when first needed.
-- ticket is NULL when the slot is free, or its holder's take; holder names the process (pid@host).
CREATE TABLE fetch_slots (
  lane TEXT NOT NULL,
  slot INT NOT NULL,
  ticket BIGINT,
  holder TEXT,
  lease_us BIGINT,
  expires_us BIGINT,
  PRIMARY KEY (lane, slot)
);
CREATE SEQUENCE fetch_slot_tickets;

-- Takes a free slot of the lane among its first p_cap (free: no ticket, or a lease run out), or
-- returns NULL when all are held. The slot's row is locked FOR UPDATE SKIP LOCKED and checked again
-- once locked, so two takers never get one slot and neither waits on the other. A slot being freed
-- by a concurrent statement is skipped: the caller asks again later.
CREATE FUNCTION aurum_slot_take(p_lane TEXT, p_cap INT, p_holder TEXT, p_lease_us BIGINT)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  v_now BIGINT := aurum_now_us();
  v_ticket BIGINT;
BEGIN
  FOR attempt IN 1 .. 2 LOOP
    UPDATE fetch_slots
       SET ticket = nextval('fetch_slot_tickets'), holder = p_holder, lease_us = p_lease_us,
           expires_us = v_now + p_lease_us
     WHERE (lane, slot) = (
             SELECT lane, slot FROM fetch_slots
              WHERE lane = p_lane AND slot < p_cap AND (ticket IS NULL OR expires_us <= v_now)
              ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING ticket INTO v_ticket;
    IF v_ticket IS NOT NULL THEN
      RETURN v_ticket;
    END IF;
    -- All held, or not made yet: make the lane's missing slots (once per lane and cap) and look
    -- again.
    IF attempt = 2 OR (SELECT count(*) FROM fetch_slots WHERE lane = p_lane AND slot < p_cap)
                      >= p_cap THEN
      RETURN NULL;
    END IF;
    INSERT INTO fetch_slots (lane, slot)
      SELECT p_lane, s FROM generate_series(0, p_cap - 1) s
      ON CONFLICT (lane, slot) DO NOTHING;
  END LOOP;
  RETURN NULL;
END $$;
