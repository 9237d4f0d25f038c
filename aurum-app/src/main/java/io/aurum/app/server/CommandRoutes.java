package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.cli.Cli;
import io.aurum.app.cli.CliContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes answered by running the command line's own command in this process, against the same store
 * and configuration, with the token's name as the actor: the response is the command's {@code
 * --format json} document (or, for a command that prints none, its lines), a refusal the command's
 * one-line message and exit code. Only the parameters a route names are passed on, each as its flag
 * ({@code start_date} is {@code --start-date}); a file the command writes is written on the server,
 * as the command line would.
 */
final class CommandRoutes {
  private CommandRoutes() {}

  /** A GET whose query parameters are the command's flags. */
  static Route read(
      Api api, String path, Role least, String summary, String command, String... params) {
    return new Route(
        HandlerType.GET, path, least, ctx -> run(api, ctx, command, params, null, true), summary);
  }

  /**
   * A POST whose JSON body's fields are the command's flags; {@code json}: it has --format json.
   */
  static Route action(
      Api api,
      String path,
      Role least,
      String summary,
      boolean json,
      String command,
      String... fields) {
    return new Route(
        HandlerType.POST,
        path,
        least,
        ctx -> run(api, ctx, command, fields, Json.body(ctx), json),
        summary);
  }

  private static void run(
      Api api, Context ctx, String command, String[] allowed, JsonNode body, boolean json) {
    Set<String> known = Set.of(allowed);
    Set<String> given = new TreeSet<>(body == null ? ctx.queryParamMap().keySet() : names(body));
    given.removeAll(known);
    if (!given.isEmpty()) {
      throw new AurumException.BadInput(
          "unknown parameter '"
              + given.iterator().next()
              + "' for "
              + ctx.method()
              + " "
              + ctx.endpoint().path
              + ": use "
              + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
    }
    // The server's logging stays as it is: the command is told the format and level in force.
    List<String> args = new ArrayList<>(io.aurum.app.cli.Logging.currentFlags());
    args.addAll(locations(api.app().locations()));
    for (String word : command.split(" ")) {
      args.add(word.startsWith("{") ? pathValue(ctx, word.substring(1, word.length() - 1)) : word);
    }
    for (String p : allowed) {
      String flag = "--" + p.replace('_', '-');
      String v = body == null ? ctx.queryParam(p) : flagValue(body.get(p));
      if (v == null || v.equals("false")) {
        continue;
      }
      // flag=value: a value is never read as another option (a value "--db-url=…" stays a value).
      args.add(v.equals("true") ? flag : flag + "=" + v);
    }
    if (json) {
      args.addAll(List.of("--format", "json"));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = new HashMap<>(api.app().cli().env());
    env.put("AURUM_ACTOR", Auth.actor(ctx));
    // The server's own store, connectors and metrics: a request opens none of its own.
    CliContext cli =
        api.app()
            .sharedWith(
                new CliContext(
                    env,
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    api.app().cli().clock()));
    int exit = Cli.commandLine(cli).execute(args.toArray(String[]::new));
    String text = out.toString().strip();
    if (exit != 0 && (exit != 5 || !text.startsWith("{"))) {
      String line = err.toString().strip();
      line = line.lines().reduce((a, b) -> b).orElse("").replaceFirst("^aurum: ", "");
      Problems.write(ctx, Problems.status(exit), Problems.kind(exit), exit, line);
      return;
    }
    ctx.header("Aurum-Exit-Code", Integer.toString(exit));
    if (json && (text.startsWith("{") || text.startsWith("["))) {
      Json.answer(ctx, text);
    } else {
      Json.answer(
          ctx,
          Map.of("exit_code", exit, "lines", text.isEmpty() ? List.of() : text.lines().toList()));
    }
  }

  /** A path parameter is an operand: one that would read as an option is refused. */
  private static String pathValue(Context ctx, String name) {
    String v = ctx.pathParam(name);
    if (v.startsWith("-")) {
      throw new AurumException.BadInput(
          "'" + v + "' is not a valid " + name + ": it cannot start with '-'");
    }
    return v;
  }

  private static List<String> locations(Locations l) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--home",
                l.home().toString(),
                "--config-dir",
                l.configDir().toString(),
                "--db-url",
                l.dbUrl()));
    if (l.sandbox()) {
      a.add("--sandbox");
    }
    return a;
  }

  private static Set<String> names(JsonNode body) {
    Set<String> out = new TreeSet<>();
    body.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String flagValue(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(e -> parts.add(e.asText()));
      return String.join(",", parts);
    }
    return n.asText();
  }
}
