package io.aurum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository's citations inside it: a comment, doc, config file or script cites only
 * documents a user of the repository has, and every runbook section a comment cites is numbered in
 * docs/runbook.md.
 */
class DocsStayTrueTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Directories that hold no source: build output, data and tool state. */
  static final Set<String> SKIPPED_DIRS =
      Set.of("target", ".git", ".idea", "aurum-data", "logs", "node_modules");

  /** Files whose text is read: sources, docs, config, scripts, resources. */
  static final Pattern TEXT_FILE =
      Pattern.compile(
          ".*\\.(java|md|xml|sh|json|properties|yml|yaml|sql|env|options|txt|catalogue|cmd)"
              + "|aurum|mvnw|run");

  /**
   * Documents outside the repository, which its users do not have. Built from parts so that this
   * file does not cite them itself.
   */
  static final List<String> OUTSIDE =
      List.of(
          "DESIGN" + ".md",
          "DESIGN" + " §",
          "STYLE" + ".md",
          "upstream" + "-apis",
          ".." + "/shared");

  /**
   * A runbook section cited in code or docs: "runbook §1.4", "runbook §2.4–§2.5", "§1.3.3, §2.3.2".
   */
  static final Pattern RUNBOOK_CITATION =
      Pattern.compile(
          "[Rr]unbook(?:'s)?[^§\\n]{0,40}?§\\s?(\\d+(?:\\.\\d+)*)((?:\\s*(?:–|-|,)\\s*§?\\s?\\d+(?:\\.\\d+)*)*)");

  static List<Path> repositoryTextFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk =
        Files.walk(ROOT)
            .filter(p -> !ROOT.relativize(p).toString().isEmpty())
            .filter(
                p -> {
                  for (Path part : ROOT.relativize(p)) {
                    if (SKIPPED_DIRS.contains(part.toString())) {
                      return false;
                    }
                  }
                  return true;
                })) {
      walk.filter(Files::isRegularFile)
          .filter(p -> TEXT_FILE.matcher(p.getFileName().toString()).matches())
          .forEach(files::add);
    }
    return files;
  }

  static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  @Test
  void no_file_of_the_repository_cites_a_document_outside_it() throws IOException {
    List<Path> files = repositoryTextFiles();
    assertThat(files)
        .as("the walk reaches sources, docs, config and scripts")
        .contains(
            ROOT.resolve("docs/architecture.md"),
            ROOT.resolve("config/datasets.json"),
            ROOT.resolve("bench/run.sh"),
            ROOT.resolve("pom.xml"));
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      String[] lines = read(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        for (String outside : OUTSIDE) {
          if (lines[i].contains(outside)) {
            found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + outside);
          }
        }
      }
    }
    assertThat(found)
        .as("cite the in-repo document that says the same (docs/*.md) instead")
        .isEmpty();
  }

  /** A test class a doc names in code quotes: {@code `SqliteTamperTest`}. */
  static final Pattern TEST_NAMED = Pattern.compile("`[^`\\n]*?\\b([A-Z]\\w*Test)\\b[^`\\n]*`");

  @Test
  void every_test_class_a_doc_names_exists() throws IOException {
    Set<String> tests = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(ROOT)) {
      walk.filter(p -> p.toString().contains("/src/test/java/"))
          .filter(p -> !p.toString().contains("/target/"))
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".java"))
          .forEach(n -> tests.add(n.substring(0, n.length() - ".java".length())));
    }
    assertThat(tests).as("the walk reaches the modules' tests").contains("DocsStayTrueTest");
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> walk = Files.list(ROOT.resolve("docs"))) {
      walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<String> missing = new ArrayList<>();
    for (Path doc : docs) {
      String[] lines = read(doc).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = TEST_NAMED.matcher(lines[i]);
        while (m.find()) {
          if (!tests.contains(m.group(1))) {
            missing.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(missing).as("test classes named in docs that no src/test/java holds").isEmpty();
  }

  @Test
  void every_runbook_section_cited_is_numbered_in_docs_runbook_md() throws IOException {
    Path runbook = ROOT.resolve("docs/runbook.md");
    String numbered = read(runbook);
    Set<String> cited = new TreeSet<>();
    for (Path file : repositoryTextFiles()) {
      if (file.equals(runbook)) {
        continue;
      }
      Matcher m = RUNBOOK_CITATION.matcher(read(file));
      while (m.find()) {
        cited.add(m.group(1));
        Matcher more = Pattern.compile("\\d+(?:\\.\\d+)*").matcher(m.group(2));
        while (more.find()) {
          cited.add(more.group());
        }
      }
    }
    assertThat(cited).as("runbook sections cited in the repository").contains("1.4", "3.6");
    List<String> missing = new ArrayList<>();
    for (String section : cited) {
      // A heading or a # label of a code block names the section: "### 1.4 …", "# 2.3.1 …".
      Pattern label =
          Pattern.compile("#[^\\n]*?(?<![\\d.])" + Pattern.quote(section) + "(?![\\d.]*\\d)");
      if (!label.matcher(numbered).find()) {
        missing.add(section);
      }
    }
    assertThat(missing).as("runbook sections cited but not numbered in docs/runbook.md").isEmpty();
  }
}
