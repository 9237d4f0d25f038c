-- Shared pacing of a quota lane by every process on one PostgreSQL (issue 21): the database clock,
-- not each process's, decides when each request of the lane may start. Times are microseconds
-- since the epoch of clock_timestamp().

-- One row per lane (source/market:key): the earliest start of its next request, and a hold after a
-- 429 that every process honours.
CREATE TABLE quota_pacing (
  lane TEXT PRIMARY KEY,
  next_free_us BIGINT NOT NULL,
  held_until_us BIGINT NOT NULL DEFAULT 0
);

-- The lane's recent and reserved requests: each counts in the upstream's sliding windows from its
-- slot until a window's period after its answer came back; one without an answer yet as if it
-- arrived now (at most p_max_unanswered_us after its slot: a process that died never answers).
CREATE TABLE quota_requests (
  id BIGSERIAL PRIMARY KEY,
  lane TEXT NOT NULL,
  start_us BIGINT NOT NULL,
  answered_us BIGINT
);
CREATE INDEX quota_requests_lane ON quota_requests (lane, start_us);

CREATE FUNCTION aurum_now_us() RETURNS BIGINT LANGUAGE sql VOLATILE AS
$$ SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint $$;

-- Reserves the next slot of a lane: at least p_interval_us after the previous one (no credit is
-- banked: an idle lane starts now, never earlier), after any hold, and only when fewer than
-- p_limits[i] requests may still count in a window of p_periods_us[i]. A slot further ahead than
-- p_horizon_us is not reserved (request_id NULL): the caller asks again after wait_us, so that
-- the requests a window is checked against have mostly gone and been answered, and a queue of
-- waiting threads does not fill a window with slots it cannot yet judge. Returns the request's id
-- and how long to wait for its slot, measured on the database clock just before returning.
CREATE FUNCTION aurum_pace_reserve(
  p_lane TEXT, p_interval_us BIGINT, p_limits BIGINT[], p_periods_us BIGINT[],
  p_horizon_us BIGINT, p_max_unanswered_us BIGINT)
RETURNS TABLE (request_id BIGINT, wait_us BIGINT) LANGUAGE plpgsql AS $$
DECLARE
  v_now BIGINT;
  v_slot BIGINT;
  v_next BIGINT;
  v_held BIGINT;
  v_longest BIGINT := 0;
  v_free BIGINT;
  v_n INT := coalesce(array_length(p_limits, 1), 0);
  i INT;
BEGIN
  INSERT INTO quota_pacing (lane, next_free_us) VALUES (p_lane, 0) ON CONFLICT (lane) DO NOTHING;
  SELECT next_free_us, held_until_us INTO v_next, v_held
    FROM quota_pacing WHERE lane = p_lane FOR UPDATE;
  -- Read after the lock: a reservation that queued on it does not get a slot in the past.
  v_now := aurum_now_us();
  v_slot := greatest(v_now, v_next, v_held);
  IF v_n > 0 THEN
    FOR i IN 1 .. v_n LOOP
      v_longest := greatest(v_longest, p_periods_us[i]);
    END LOOP;
    DELETE FROM quota_requests
     WHERE lane = p_lane
       AND coalesce(answered_us, start_us + p_max_unanswered_us) + v_longest <= v_now;
    FOR i IN 1 .. v_n LOOP
      -- Of the requests still counting at the slot, the N-th to leave last makes room.
      SELECT e INTO v_free FROM (
        SELECT coalesce(answered_us, least(greatest(start_us, v_now),
                                           start_us + p_max_unanswered_us)) + p_periods_us[i] AS e
          FROM quota_requests WHERE lane = p_lane) counting
       WHERE e > v_slot ORDER BY e DESC OFFSET p_limits[i] - 1 LIMIT 1;
      IF FOUND THEN
        v_slot := greatest(v_slot, v_free);
      END IF;
    END LOOP;
  END IF;
  IF v_slot - v_now > p_horizon_us THEN
    request_id := NULL;
    wait_us := v_slot - p_horizon_us - aurum_now_us();
    RETURN NEXT;
    RETURN;
  END IF;
  UPDATE quota_pacing SET next_free_us = v_slot + p_interval_us WHERE lane = p_lane;
  INSERT INTO quota_requests (lane, start_us) VALUES (p_lane, v_slot) RETURNING id INTO request_id;
  wait_us := v_slot - aurum_now_us();
  RETURN NEXT;
END $$;

-- The answer of a request came back: from now on it counts for a window's period only. The caller
-- may bound when it came back, as time after the slot (p_after_us): its wait after the slot plus
-- the round trip of the reservation that told it the slot, so the bound holds whatever the offset
-- between the clocks. The earlier of that bound and now is kept, so the report's own latency does
-- not hold the window.
CREATE FUNCTION aurum_pace_answered(p_id BIGINT, p_after_us BIGINT) RETURNS VOID LANGUAGE sql AS
$$ UPDATE quota_requests SET answered_us = least(aurum_now_us(), start_us + p_after_us)
    WHERE id = p_id AND answered_us IS NULL $$;

-- A 429 seen by one process holds the lane's requests of every process for p_hold_us. Returns
-- whether it is news (no hold was in force) and how long the lane is now held.
CREATE FUNCTION aurum_pace_throttled(p_lane TEXT, p_hold_us BIGINT)
RETURNS TABLE (fresh BOOLEAN, remaining_us BIGINT) LANGUAGE plpgsql AS $$
DECLARE
  v_now BIGINT;
  v_held BIGINT;
BEGIN
  INSERT INTO quota_pacing (lane, next_free_us) VALUES (p_lane, 0) ON CONFLICT (lane) DO NOTHING;
  SELECT held_until_us INTO v_held FROM quota_pacing WHERE lane = p_lane FOR UPDATE;
  v_now := aurum_now_us();
  fresh := v_held <= v_now;
  UPDATE quota_pacing SET held_until_us = greatest(held_until_us, v_now + p_hold_us)
   WHERE lane = p_lane RETURNING held_until_us - v_now INTO remaining_us;
  RETURN NEXT;
END $$;
