package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.cli.ApiChecks;
import io.aurum.app.cli.ApiViews;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.Priority;
import io.aurum.core.model.Role;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import io.aurum.core.usecase.BackfillRequest;
import io.aurum.core.usecase.Backfills;
import io.aurum.core.usecase.Tuning;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/backfills} (operator): the JSON body is a {@link BackfillRequest}, validated by
 * the same rules as {@code aurum backfill}'s flags and named by its fields; {@code dry_run} answers
 * the plan ({@code aurum backfill --dry-run --format json}), otherwise the backfill is created and
 * runs in this server (202, {@code Location} its status).
 */
final class BackfillRoutes {
  /** A value is named by its JSON field, as sent. */
  static final Origin FIELDS = field -> field;

  static final Set<String> KNOWN =
      Set.of(
          "source",
          "start_date",
          "end_date",
          "datasets",
          "concurrency",
          "batch_size",
          "max_retries",
          "rate_limit",
          "retry_backoff_seconds",
          "parallelism",
          "force",
          "priority",
          "reason",
          "quality_profile",
          "dry_run");

  private BackfillRoutes() {}

  static List<Route> routes(Api api) {
    return List.of(
        Route.post(
            "/api/backfills",
            Role.OPERATOR,
            ctx -> backfill(api, ctx),
            "Start a backfill, or plan one with dry_run"));
  }

  private static void backfill(Api api, Context ctx) {
    JsonNode body = Json.body(ctx);
    Fields.known(body, KNOWN, "backfill");
    Fields.require(body, "backfill", "source", "start_date", "end_date");
    String src = Fields.text(body, "source");
    String retryBackoff = Fields.text(body, "retry_backoff_seconds");
    Tuning tuning =
        new Tuning(
            Fields.integer(body, "concurrency"),
            Fields.integer(body, "batch_size"),
            Fields.integer(body, "max_retries"),
            Fields.text(body, "rate_limit"),
            retryBackoff == null ? null : number(retryBackoff, "retry_backoff_seconds"),
            Fields.integer(body, "parallelism"),
            null,
            null);
    BackfillRequest request =
        new BackfillRequest(
            SourceId.parse(src),
            date(body, "start_date"),
            date(body, "end_date"),
            Fields.list(body, "datasets"),
            tuning,
            Fields.bool(body, "force"),
            body.hasNonNull("priority") ? Priority.parse(Fields.text(body, "priority")) : null,
            Fields.text(body, "reason"),
            Fields.text(body, "quality_profile"),
            FIELDS);
    Backfills backfills = ApiChecks.backfills(api.app());
    OperationSpec spec = backfills.prepare(request).spec();
    if (Fields.bool(body, "dry_run")) {
      Backfills.Planned p = backfills.plan(spec, api.app().store());
      Json.answer(ctx, ApiViews.plan(p.spec(), p.plan(), api.app().config()));
      return;
    }
    ApiChecks.credentials(api.app(), spec.source(), spec.datasets());
    String actor = Auth.actor(ctx);
    Backfills.Creation c =
        backfills.create(
            spec, request.priority(), request.reason(), actor, api.runs().service(), null);
    if (c instanceof Backfills.NothingToDo n) {
      Json.answer(ctx, Map.of("created", false, "already_covered", n.alreadyCovered()));
      return;
    }
    Operation op = ((Backfills.Created) c).operation();
    api.runs().start(op.id(), (service, live) -> service.start(op.id(), actor, live));
    ctx.header("Location", "/api/operations/" + op.id());
    ControlRoutes.state(api, ctx, op.id(), 202);
  }

  static LocalDate date(JsonNode body, String field) {
    String v = Fields.text(body, field);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new AurumException.BadInput(field + " '" + v + "' is not a date: use YYYY-MM-DD");
    }
  }

  static double number(String v, String field) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new AurumException.BadInput(field + " '" + v + "' is not a number of seconds");
    }
  }
}
