# syntax=docker/dockerfile:1
# Aurum's container image (docs/deploy.md): one image for every role — aurum serve, aurum worker,
# aurum relay and one-off commands such as a backfill Job. The command is the arguments after
# `aurum`; the default serves the REST API on every interface of the container.
#
#   docker build -t aurum:0.1.0 .
#   docker run --rm -p 127.0.0.1:8080:8080 -e AURUM_DB_URL=jdbc:postgresql://… aurum:0.1.0

# --- Build: the Maven Wrapper on a full JDK 17, the same command as the ./aurum launcher's build.
FROM eclipse-temurin:17.0.13_11-jdk-jammy AS build
WORKDIR /src
COPY . .
# Tests are compiled (aurum-app needs the store's and core's test jars) but not run: CI runs them.
# ~/.m2 (the Maven distribution and the dependencies) is a build cache kept between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl aurum-app -am package

# --- Runtime: a JRE 17, the application jar with its libraries, the launcher and the configuration.
FROM eclipse-temurin:17.0.13_11-jre-jammy
RUN groupadd --system --gid 10001 aurum \
 && useradd --system --uid 10001 --gid aurum --home-dir /var/lib/aurum --shell /usr/sbin/nologin aurum \
 && mkdir -p /var/lib/aurum /var/lib/aurum-tokens \
 && chown aurum:aurum /var/lib/aurum /var/lib/aurum-tokens
WORKDIR /opt/aurum
# The launcher's layout: it runs aurum-app/target/aurum-app.jar (its classpath is target/lib) with
# config/jvm.options, AURUM_JAVA_OPTS and --max-memory, and builds nothing here (no sources).
COPY --from=build /src/aurum-app/target/aurum-app.jar aurum-app/target/aurum-app.jar
COPY --from=build /src/aurum-app/target/lib/ aurum-app/target/lib/
COPY aurum ./
COPY scripts/jvm-options.sh scripts/install-shell-support.sh scripts/healthcheck.sh scripts/
COPY config/ config/
# Data under /var/lib/aurum (logs, failure logs, reports; the database is PostgreSQL in a
# deployment). Heap: three quarters of the container's memory limit (the JVM's default is a
# quarter). No shell completion to install in an image.
ENV PATH=/opt/aurum:$PATH \
    AURUM_HOME=/var/lib/aurum \
    AURUM_CONFIG_DIR=/opt/aurum/config \
    AURUM_NO_SHELL_INSTALL=1 \
    AURUM_JAVA_OPTS="-XX:MaxRAMPercentage=75.0"
USER aurum
# 8080: aurum serve (--port); 9464: --metrics-port of aurum worker and of an operation's command.
EXPOSE 8080 9464
# Liveness of the default command (aurum serve on 8080). compose.yaml and the Kubernetes manifests
# probe the other roles on their own ports.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/opt/aurum/scripts/healthcheck.sh", "8080", "/health/live"]
ENTRYPOINT ["/opt/aurum/aurum"]
CMD ["serve", "--bind", "0.0.0.0", "--port", "8080"]
