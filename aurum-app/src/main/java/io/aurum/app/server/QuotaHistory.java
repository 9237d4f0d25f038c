package io.aurum.app.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.MetricsHistory.SourceBucket;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code GET /api/quotas/history?source=&hours=}: the metrics history's per-minute buckets of a
 * source as columns a chart draws directly: minute (epoch seconds), requests, 429s and the lowest
 * quota headroom seen (null when none was reported).
 */
final class QuotaHistory {
  static final int DEFAULT_HOURS = 24;
  static final int MAX_HOURS = 24 * 31;

  private QuotaHistory() {}

  static void answer(Api api, Context ctx) {
    String s = ctx.queryParam("source");
    if (s == null || s.isBlank()) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "source is missing: name one, e.g. source=eia");
    }
    SourceId source = SourceId.parse(s);
    int hours = DEFAULT_HOURS;
    String h = ctx.queryParam("hours");
    if (h != null) {
      try {
        hours = Integer.parseInt(h.trim());
      } catch (NumberFormatException e) {
        hours = -1;
      }
      if (hours < 1 || hours > MAX_HOURS) {
        throw new io.aurum.core.error.AurumException.BadInput(
            "hours '" + h + "' is not a whole number from 1 to " + MAX_HOURS);
      }
    }
    Instant to = api.app().cli().clock().instant().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    Instant from = to.minus(Duration.ofHours(hours));
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("source", source.cliName()).put("from", from.toString()).put("to", to.toString());
    ArrayNode minute = doc.putArray("minute");
    ArrayNode requests = doc.putArray("requests");
    ArrayNode throttled = doc.putArray("throttled");
    ArrayNode headroom = doc.putArray("quota_left");
    for (SourceBucket b : api.app().store().history().buckets(from, to, source)) {
      minute.add(b.minute().getEpochSecond());
      requests.add(b.requests());
      throttled.add(b.throttled());
      if (b.quotaLeft() == null) {
        headroom.addNull();
      } else {
        headroom.add(b.quotaLeft());
      }
    }
    Json.answer(ctx, doc);
  }
}
