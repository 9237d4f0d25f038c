package io.aurum.app.server;

import io.aurum.core.model.Role;
import io.javalin.http.Context;

/**
 * The frame of every console page: the navigation, the role of the session (which decides the
 * controls a page renders: a viewer's pages carry none that change anything), an ARIA live region
 * for announcements, and the console's one script and style sheet served from the jar.
 */
final class ConsolePage {
  static final String UPLOT = "/webjars/uplot/1.6.30/dist";

  private static final String[][] NAV = {
    {"/console", "Operations"},
    {"/console/gaps", "Gaps"},
    {"/console/quotas", "Quotas"},
    {"/console/quality", "Quality"},
    {"/console/costs", "Costs"},
    {"/console/alerts", "Alerts"},
    {"/console/audit", "Audit trail"}
  };

  private ConsolePage() {}

  /** Answers a whole page: {@code title}, then {@code body} inside the frame. */
  static void answer(Context ctx, String title, String body) {
    Role role = Auth.role(ctx);
    StringBuilder b = new StringBuilder(4096);
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(title))
        .append(" · Aurum</title>")
        .append("<link rel=\"stylesheet\" href=\"/console/assets/console.css\">")
        .append("<link rel=\"stylesheet\" href=\"")
        .append(UPLOT)
        .append("/uPlot.min.css\"></head><body data-role=\"")
        .append(role == null ? "" : role.cliName())
        .append(
            "\"><a class=\"skip\" href=\"#main\">Skip to content</a><header><nav aria-label=\"Console\"><ul>");
    for (String[] n : NAV) {
      boolean here = ctx.path().equals(n[0]);
      b.append("<li><a href=\"")
          .append(n[0])
          .append(here ? "\" aria-current=\"page\">" : "\">")
          .append(n[1])
          .append("</a></li>");
    }
    b.append("</ul></nav>");
    if (role != null) {
      b.append("<p class=\"who\">Signed in as <strong>")
          .append(esc(Auth.actor(ctx)))
          .append("</strong> (")
          .append(role.cliName())
          .append(")</p><button type=\"button\" id=\"logout\">Sign out</button>");
    }
    b.append("</header><main id=\"main\" tabindex=\"-1\"><h1>")
        .append(esc(title))
        .append("</h1>")
        .append(body)
        .append(
            "<div id=\"announce\" class=\"visually-hidden\" role=\"status\" aria-live=\"polite\"></div>")
        .append("</main><script src=\"")
        .append(UPLOT)
        .append(
            "/uPlot.iife.min.js\"></script><script src=\"/console/assets/console.js\"></script></body></html>");
    ctx.contentType("text/html; charset=utf-8").result(b.toString());
  }

  /** Whether the session may start and steer operations. */
  static boolean operator(Context ctx) {
    Role r = Auth.role(ctx);
    return r != null && r.covers(Role.OPERATOR);
  }

  /** Whether the session may use the admin's controls (the emergency stop). */
  static boolean admin(Context ctx) {
    Role r = Auth.role(ctx);
    return r != null && r.covers(Role.ADMIN);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
