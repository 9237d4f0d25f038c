package io.aurum.app.server;

import io.aurum.core.error.AurumException;
import io.javalin.Javalin;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aurum serve}: Javalin 7 over the route table of {@link Routes}. Every route goes through
 * {@link Auth} and every error through {@link Problems}; the WebJars (Swagger UI) are served as
 * static files under {@code /webjars}. Thread-safe once started.
 */
public final class AurumServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AurumServer.class);

  private final Javalin javalin;
  private final List<Route> routes;
  private final Api api;

  private AurumServer(Javalin javalin, List<Route> routes, Api api) {
    this.javalin = javalin;
    this.routes = routes;
    this.api = api;
  }

  /** Starts serving {@code api} on {@code options}' address (port 0: any free port). */
  public static AurumServer start(Api api, ServerOptions options) {
    List<Route> routes = Routes.table(api);
    Auth auth = new Auth(api.verified());
    Javalin j =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.staticFiles.enableWebjars();
              config.jetty.host = options.bind();
              config.jetty.port = options.port();
              Tls.apply(config, options);
              for (Route r : routes) {
                config.routes.addHttpHandler(
                    r.method(),
                    r.path(),
                    ctx -> {
                      auth.check(ctx, r);
                      r.handler().handle(ctx);
                    });
              }
              config.routes.exception(HttpProblem.class, Problems::http);
              config.routes.exception(AurumException.class, Problems::aurum);
              config.routes.exception(Exception.class, Problems::unexpected);
              config.routes.error(
                  404,
                  ctx -> {
                    if (!Problems.MEDIA_TYPE.equals(ctx.res().getContentType())) {
                      Problems.write(
                          ctx,
                          404,
                          "not_found",
                          3,
                          "no route " + ctx.method() + " " + ctx.path() + ": see /openapi.json");
                    }
                  });
            });
    try {
      j.start();
    } catch (RuntimeException e) {
      throw new AurumException.BadInput(
          "cannot listen on "
              + options.bind()
              + ":"
              + options.port()
              + " ("
              + rootMessage(e)
              + "): choose another port or address");
    }
    LOG.info("serving on {}:{}", options.bind(), j.port());
    return new AurumServer(j, routes, api);
  }

  public int port() {
    return javalin.port();
  }

  /** What the routes share (the store, the runs, the progress feed). */
  public Api api() {
    return api;
  }

  /** The route table this server serves. */
  public List<Route> routes() {
    return routes;
  }

  /** Stops taking requests, then stops the operations it runs (they stay resumable). */
  @Override
  public void close() {
    api.feed().close(); // its streams end while the server still answers
    javalin.stop();
    api.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
