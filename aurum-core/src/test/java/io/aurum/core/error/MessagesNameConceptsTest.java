package io.aurum.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.analysis.DateRanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's messages name concepts, not flags: a field goes through a {@link Vocabulary} ({@link
 * Phrase}), a next step is a {@link NextStep}, and each interface says how its user spells them.
 */
class MessagesNameConceptsTest {
  private static final Path CORE_MAIN = Path.of("src/main/java");
  private static final Pattern FLAG = Pattern.compile("--[a-z][a-z-]*");

  @Test
  void no_string_literal_in_core_main_names_a_command_line_flag() throws IOException {
    List<String> offending = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CORE_MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = CORE_MAIN.relativize(f).toString().replace('\\', '/');
        for (String literal : stringLiterals(Files.readString(f))) {
          if (FLAG.matcher(literal).find()) {
            offending.add(rel + ": \"" + literal + "\"");
          }
        }
      }
    }
    assertThat(offending)
        .as("core names concepts (Phrase, Vocabulary, NextStep); the CLI maps them to flags")
        .isEmpty();
  }

  @Test
  void the_scanner_sees_literals_and_skips_comments() {
    String src =
        "// \"--in-a-comment\"\n/* \"--block\" */ String s = \"a --flag\" + 'x' + \"\\\"--esc\";"
            + " String t = \"\"\"\n  --text-block\n  \"\"\";";
    assertThat(stringLiterals(src))
        .containsExactly("a --flag", "\\\"--esc", "\n  --text-block\n  ");
  }

  @Test
  void a_phrase_names_fields_and_steps_in_each_vocabulary() {
    Vocabulary shout =
        new Vocabulary() {
          @Override
          public String name(String field) {
            return field.toUpperCase(java.util.Locale.ROOT);
          }

          @Override
          public String step(NextStep s) {
            return s.action() + "(" + s.subject() + ")";
          }
        };
    Phrase p = v -> v.name("days") + " is wrong: try " + v.step(NextStep.resume("OP"));
    AurumException e = new AurumException.BadInput(p);

    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.getMessage()).isEqualTo("days is wrong: try a resume of operation OP");
    assertThat(e.message(Vocabulary.CONCEPTS)).isEqualTo(e.getMessage());
    assertThat(e.message(shout)).isEqualTo("DAYS is wrong: try RESUME_OPERATION(OP)");
    assertThat(new AurumException.NotFound("plain").message(shout)).isEqualTo("plain");
    assertThat(AurumException.NotFound.noOperation("X").message(shout))
        .isEqualTo("no operation X: list them with LIST_OPERATIONS(null)");
    assertThatThrownBy(
            () ->
                DateRanges.lastDays(
                    0, Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC)))
        .isInstanceOfSatisfying(
            AurumException.class,
            x -> assertThat(x.message(shout)).isEqualTo("DAYS must be above 0, got 0"));
  }

  /** The string literals (text blocks included) of Java source, outside comments. */
  static List<String> stringLiterals(String src) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        int end = src.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end;
        String body = src.substring(i + 3, end);
        out.add(body.substring(body.indexOf('\n') < 0 ? 0 : body.indexOf('\n')));
        i = Math.min(n, end + 3);
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && src.charAt(j) != c) {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        if (c == '"') {
          out.add(src.substring(i + 1, Math.min(j, n)));
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return out;
  }
}
