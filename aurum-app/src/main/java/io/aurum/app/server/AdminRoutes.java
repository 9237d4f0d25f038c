package io.aurum.app.server;

import static io.aurum.app.server.CommandRoutes.action;
import static io.aurum.app.server.CommandRoutes.read;

import io.aurum.core.model.Role;
import java.util.List;

/**
 * Rollback, emergencies, corruption and tokens (admin), through the commands of the same name: the
 * body's fields are their flags, the token's name the actor of their audit entries.
 */
final class AdminRoutes {
  private AdminRoutes() {}

  static List<Route> routes(Api api) {
    Role a = Role.ADMIN;
    return List.of(
        action(
            api,
            "/api/operations/{id}/rollback",
            a,
            "Roll an operation back (aurum rollback)",
            false,
            "rollback --job-id {id}",
            "rollback_type",
            "confirm_rollback",
            "pre_rollback_validation",
            "post_rollback_validation",
            "backup_original_data",
            "cascade",
            "reason"),
        action(
            api,
            "/api/emergency/stop",
            a,
            "Declare an emergency stop",
            false,
            "emergency stop",
            "all",
            "source",
            "operation_id",
            "reason",
            "include_critical",
            "dry_run"),
        action(
            api,
            "/api/emergency/release",
            a,
            "End an emergency",
            false,
            "emergency release",
            "isolation",
            "monitor",
            "source",
            "reason",
            "no_resume",
            "dry_run"),
        action(
            api,
            "/api/emergency/isolate",
            a,
            "Isolate a source",
            false,
            "emergency isolate",
            "source",
            "reason",
            "dry_run"),
        action(
            api,
            "/api/emergency/monitor",
            a,
            "Raise the monitoring level",
            false,
            "emergency monitor",
            "level",
            "duration",
            "reason",
            "dry_run"),
        action(
            api,
            "/api/emergency/assess",
            a,
            "Assess the damage to a source (aurum emergency assess)",
            true,
            "emergency assess",
            "source",
            "full_scan"),
        action(
            api,
            "/api/corruption/detect",
            a,
            "Detect corruption (aurum corruption detect)",
            true,
            "corruption detect",
            "source",
            "corruption_types",
            "scan_depth",
            "verify_upstream"),
        action(
            api,
            "/api/corruption/isolate",
            a,
            "Isolate corrupt partitions",
            false,
            "corruption isolate",
            "source",
            "corruption_report",
            "isolation_mode",
            "reason",
            "dry_run"),
        action(
            api,
            "/api/corruption/release",
            a,
            "Release isolated partitions",
            false,
            "corruption release",
            "source",
            "partitions",
            "reason",
            "dry_run"),
        action(
            api,
            "/api/corruption/recover",
            a,
            "Recover corrupt partitions",
            false,
            "corruption recover",
            "source",
            "recovery_method",
            "data_range",
            "reason",
            "dry_run"),
        read(
            api,
            "/api/tokens",
            a,
            "The tokens, never their secrets (aurum tokens list)",
            "tokens list",
            "all"),
        action(
            api,
            "/api/tokens",
            a,
            "Make a token, shown once (aurum tokens create)",
            true,
            "tokens create",
            "role",
            "name"),
        forgetting(
            api,
            action(
                api,
                "/api/tokens/{name}/revoke",
                a,
                "Revoke a token (aurum tokens revoke)",
                false,
                "tokens revoke --name {name}")));
  }

  /** The revoke route: the revoked token's next request is refused, not served from memory. */
  private static Route forgetting(Api api, Route revoke) {
    return new Route(
        revoke.method(),
        revoke.path(),
        revoke.least(),
        ctx -> {
          revoke.handler().handle(ctx);
          api.verified().forget(ctx.pathParam("name"));
        },
        revoke.summary());
  }
}
