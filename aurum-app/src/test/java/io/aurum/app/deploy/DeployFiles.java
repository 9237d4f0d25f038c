package io.aurum.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the deployment files as their tools would: YAML with anchors and merge keys resolved
 * (SnakeYAML, as Compose and kubectl do), the Dockerfile as its instructions, and the {@code aurum}
 * command lines inside a shell script.
 */
final class DeployFiles {
  static final Path ROOT = Path.of("..");
  static final Path DEPLOY = ROOT.resolve("deploy");
  static final Path K8S = DEPLOY.resolve("k8s");
  static final Path COMPOSE = DEPLOY.resolve("compose.yaml");
  static final Path DOCKERFILE = ROOT.resolve("Dockerfile");

  private DeployFiles() {}

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a YAML file, as maps (a manifest may hold several). */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : yaml.loadAll(read(file))) {
      if (doc != null) {
        docs.add(map(doc));
      }
    }
    return docs;
  }

  static Map<String, Object> yaml(Path file) {
    List<Map<String, Object>> docs = yamlDocuments(file);
    if (docs.size() != 1) {
      throw new IllegalStateException(file + " holds " + docs.size() + " documents, not one");
    }
    return docs.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  /** The value at a path of keys, null where one is missing. */
  static Object at(Map<String, Object> m, String... keys) {
    Object o = m;
    for (String k : keys) {
      if (!(o instanceof Map<?, ?> mm)) {
        return null;
      }
      o = mm.get(k);
    }
    return o;
  }

  static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object x : list(o)) {
      out.add(String.valueOf(x));
    }
    return out;
  }

  /** One Dockerfile instruction: keyword (upper case) and its arguments, continuations joined. */
  record Instruction(String keyword, String args) {}

  static List<Instruction> dockerfile() {
    List<Instruction> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : read(DOCKERFILE).split("\n", -1)) {
      String t = raw.strip();
      if (line.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.endsWith("\\")) {
        line.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      line.append(t);
      String s = line.toString().strip();
      line.setLength(0);
      int sp = s.indexOf(' ');
      out.add(
          sp < 0
              ? new Instruction(s.toUpperCase(), "")
              : new Instruction(s.substring(0, sp).toUpperCase(), s.substring(sp + 1).strip()));
    }
    return out;
  }

  /** The names an ENV instruction sets ({@code ENV A=1 B="x y"} or {@code ENV A 1}). */
  static Map<String, String> envOf(String args) {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher(args);
    boolean any = false;
    while (m.find()) {
      env.put(m.group(1), m.group(2).replace("\"", ""));
      any = true;
    }
    if (!any) {
      String[] kv = args.split("\\s+", 2);
      env.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    return env;
  }

  private static final Pattern AURUM_LINE =
      Pattern.compile("(?:^|[\\s;&|(])aurum\\s+([^|;&><\\n]+)", Pattern.MULTILINE);

  /**
   * The arguments of every {@code aurum …} command in a shell script (up to a pipe or redirect).
   */
  static List<List<String>> aurumCommandsIn(String script) {
    List<List<String>> out = new ArrayList<>();
    Matcher m = AURUM_LINE.matcher(script);
    while (m.find()) {
      out.add(Arrays.asList(m.group(1).strip().split("\\s+")));
    }
    return out;
  }

  /** The raw value of {@code --name V} or {@code --name=V} in a command line, null if absent. */
  static String optionValue(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(name) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
      if (a.startsWith(name + "=")) {
        return a.substring(name.length() + 1);
      }
    }
    return null;
  }
}
