package io.aurum.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code aurum --version} prints: the Maven project version and the git commit the build was
 * made from, as the build wrote them into {@code version.properties} (resource filtering) and
 * {@code commit.properties} (git, run by the build).
 */
public final class VersionInfo implements CommandLine.IVersionProvider {
  private static final String[] RESOURCES = {
    "/io/aurum/app/version.properties", "/io/aurum/app/commit.properties"
  };

  @Override
  public String[] getVersion() {
    return new String[] {
      line(load()),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** "aurum 0.1.0 (commit abc1234)"; a build outside a git checkout has no commit to show. */
  static String line(Properties p) {
    String version = value(p, "version");
    String commit = value(p, "commit");
    StringBuilder s = new StringBuilder("aurum ").append(version == null ? "unknown" : version);
    if (commit != null) {
      s.append(" (commit ").append(commit);
      if ("true".equals(value(p, "dirty"))) {
        s.append(", with uncommitted changes");
      }
      s.append(')');
    }
    return s.toString();
  }

  static Properties load() {
    Properties p = new Properties();
    for (String resource : RESOURCES) {
      try (InputStream in = VersionInfo.class.getResourceAsStream(resource)) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }

  /** A property the build filled in, or null (absent, empty, or left as an unresolved ${...}). */
  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() || v.startsWith("${") ? null : v.trim();
  }
}
