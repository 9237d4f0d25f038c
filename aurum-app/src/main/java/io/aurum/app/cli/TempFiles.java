package io.aurum.app.cli;

/**
 * Temporary files of an operation: {@code DATA_DIR/tmp/ID/} and any {@code *.tmp} file whose name
 * contains the id (an interrupted atomic write of a backup, archive or conflict file).
 */
final class TempFiles {
  private TempFiles() {}

  static int remove(java.nio.file.Path home, String id) {
    if (!java.nio.file.Files.isDirectory(home)) {
      return 0;
    }
    java.util.List<java.nio.file.Path> doomed = new java.util.ArrayList<>();
    try (var files = java.nio.file.Files.walk(home, 4)) {
      files
          .filter(java.nio.file.Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".tmp") && n.contains(id))
                    || p.startsWith(home.resolve("tmp").resolve(id));
              })
          .forEach(doomed::add);
      for (var p : doomed) {
        java.nio.file.Files.deleteIfExists(p);
      }
      java.nio.file.Path dir = home.resolve("tmp").resolve(id);
      if (java.nio.file.Files.isDirectory(dir)) {
        try (var left = java.nio.file.Files.walk(dir)) {
          for (var p : left.sorted(java.util.Comparator.reverseOrder()).toList()) {
            java.nio.file.Files.deleteIfExists(p);
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot remove temporary files of " + id, e);
    }
    return doomed.size();
  }
}
