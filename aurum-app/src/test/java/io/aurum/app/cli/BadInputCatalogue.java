package io.aurum.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The cases of {@code src/test/resources/bad-inputs.catalogue}, parsed. */
final class BadInputCatalogue {
  /** An id, optionally followed by {@code [sqlite only: why]} or {@code [postgresql only: why]}. */
  private static final Pattern ID =
      Pattern.compile("(\\S+)(?:\\s+\\[(sqlite|postgresql) only: ([^\\]]+)])?");

  private BadInputCatalogue() {}

  /**
   * One catalogued bad input; {@code only} is the one store it applies to ({@code sqlite} or {@code
   * postgresql}, null for both) and {@code why} the reason it does not apply to the other.
   */
  record Case(
      String id,
      String only,
      String why,
      int exit,
      String message,
      List<String> setup,
      String commandLine,
      int line) {
    boolean runsOn(String store) {
      return only == null || only.equals(store);
    }

    @Override
    public String toString() {
      return only == null ? id : id + " [" + only + " only: " + why + "]";
    }
  }

  static List<Case> load() {
    try (InputStream in = BadInputCatalogue.class.getResourceAsStream("/bad-inputs.catalogue")) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Case> parse(String text) {
    List<Case> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split("\\s+\\|\\s+", 5);
      if (f.length != 5) {
        throw new IllegalStateException("bad-inputs.catalogue line " + (i + 1) + ": 5 fields");
      }
      Matcher id = ID.matcher(f[0]);
      if (!id.matches()) {
        throw new IllegalStateException(
            "bad-inputs.catalogue line " + (i + 1) + ": an id, then [STORE only: why] or nothing");
      }
      List<String> setup = f[3].equals("-") ? List.of() : List.of(f[3].split("\\s+\\+\\s+"));
      out.add(
          new Case(
              id.group(1),
              id.group(2),
              id.group(3),
              Integer.parseInt(f[1]),
              f[2],
              setup,
              f[4],
              i + 1));
    }
    return out;
  }

  /** Splits a command line on blanks; single quotes keep blanks, {@code ''} is an empty word. */
  static String[] split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
        if (word == null) {
          word = new StringBuilder();
        }
      } else if (Character.isWhitespace(ch) && !quoted) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else {
        if (word == null) {
          word = new StringBuilder();
        }
        word.append(ch);
      }
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out.toArray(String[]::new);
  }
}
