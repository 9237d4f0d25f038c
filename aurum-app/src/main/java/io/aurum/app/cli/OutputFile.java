package io.aurum.app.cli;

import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An {@code --output} file, checked before any work and written safely: never one of Aurum's own
 * files (the database and its -wal/-shm/-journal files, the data directory's logs, backups, tmp and
 * plugins, the configuration directory), however the path reaches it (symbolic links, {@code ..},
 * hard links); never an existing file without {@code --overwrite}; streamed into a temporary file
 * beside the target and renamed into place, so a failure leaves the target as it was and no
 * temporary file behind. A device or pipe ({@code /dev/stdout}) is written directly instead. Not
 * thread-safe; one per command run.
 */
final class OutputFile {
  /** What writes the content; may throw, in which case nothing is written. */
  interface Content {
    void writeTo(Writer out) throws IOException;
  }

  private final Path given;
  private final Path target;
  private final boolean overwrite;
  private final boolean stream;

  private OutputFile(Path given, Path target, boolean overwrite, boolean stream) {
    this.given = given;
    this.target = target;
    this.overwrite = overwrite;
    this.stream = stream;
  }

  /**
   * Checks {@code file} against Aurum's own files and against clobbering (exit 2); call before any
   * work.
   */
  static OutputFile check(Path file, boolean overwrite, Locations where) {
    Path target = Paths.resolve(file);
    if (Files.isDirectory(target)) {
      throw refuse(file, "it is a directory; name a file");
    }
    String owner = ownerOf(target, where);
    if (owner != null) {
      throw refuse(file, "it is " + owner + "; write the output somewhere else");
    }
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new AurumException.BadInput(
          "cannot write "
              + file
              + ": directory "
              + file.toAbsolutePath().getParent()
              + " does not exist; create it first");
    }
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      // A device or pipe (/dev/stdout, /dev/null, a FIFO) is a stream: written directly, since a
      // rename would replace the device node itself.
      return new OutputFile(file, target, overwrite, true);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
      throw new AurumException.BadInput(
          "--output " + file + " already exists: pass --overwrite to replace it");
    }
    return new OutputFile(file, target, overwrite, false);
  }

  /** The file as the user named it, for messages. */
  Path path() {
    return given;
  }

  void writeString(String text) {
    write(out -> out.write(text));
  }

  /** Streams {@code content} into a temporary file beside the target, then renames it in place. */
  void write(Content content) {
    if (stream) {
      writeStream(content);
      return;
    }
    Path tmp =
        target.resolveSibling(
            "."
                + target.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    try {
      try (Writer out =
          new BufferedWriter(
              new OutputStreamWriter(
                  Files.newOutputStream(
                      tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                  StandardCharsets.UTF_8),
              1 << 16)) {
        content.writeTo(out);
      }
      keepPermissions(tmp);
      moveIntoPlace(tmp);
    } catch (IOException | java.io.UncheckedIOException e) {
      deleteQuietly(tmp);
      IOException io =
          e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
      if (io instanceof FileAlreadyExistsException) {
        throw new AurumException.BadInput(
            "--output " + given + " appeared while writing: pass --overwrite to replace it");
      }
      throw new AurumException.StorageFailure(
          "cannot write " + given + ": " + describe(io) + "; nothing was written", io);
    } catch (RuntimeException | Error e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private void writeStream(Content content) {
    try (Writer out =
        new BufferedWriter(
            new OutputStreamWriter(
                Files.newOutputStream(target, StandardOpenOption.WRITE), StandardCharsets.UTF_8),
            1 << 16)) {
      content.writeTo(out);
    } catch (IOException | java.io.UncheckedIOException e) {
      IOException io =
          e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
      throw new AurumException.StorageFailure("cannot write " + given + ": " + describe(io), io);
    }
  }

  private void moveIntoPlace(Path tmp) throws IOException {
    if (!overwrite) {
      // A hard link fails if the target appeared meanwhile: no clobbering, even in a race.
      try {
        Files.createLink(target, tmp);
        Files.delete(tmp);
        return;
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        if (e instanceof FileAlreadyExistsException) {
          throw (FileAlreadyExistsException) e;
        }
      } catch (IOException e) {
        // No hard links on this file system: a plain move, which also refuses an existing file.
      }
      Files.move(tmp, target);
      return;
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A replaced file keeps its permissions; a new one gets the umask's, like any new file. */
  private void keepPermissions(Path tmp) {
    try {
      if (Files.exists(target)) {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(target);
        Files.setPosixFilePermissions(tmp, p);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not POSIX, or unreadable: the temporary file's permissions stand.
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // Its directory is gone or unwritable: there is nothing left to remove.
    }
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "its directory no longer exists";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : Cli.oneLine(m);
  }

  /** What of Aurum's {@code target} is, or null when it is none of Aurum's files. */
  static String ownerOf(Path target, Locations where) {
    if (where.sqliteFile().isPresent()) {
      Path db = Paths.resolve(where.sqliteFile().get());
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Path f = db.resolveSibling(db.getFileName() + suffix);
        if (target.equals(f) || sameFile(target, f)) {
          return suffix.isEmpty()
              ? "the Aurum database"
              : "the Aurum database's " + suffix.substring(1) + " file";
        }
      }
    }
    for (Path dir : where.ownedDirectories()) {
      if (target.startsWith(Paths.resolve(dir))) {
        return "inside Aurum's " + dir + " directory";
      }
    }
    Path config = Paths.resolve(where.configDir());
    if (target.startsWith(config)) {
      return "inside the configuration directory " + where.configDir();
    }
    return null;
  }

  /** Hard links: two names of one file. */
  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static AurumException refuse(Path file, String why) {
    return new AurumException.BadInput("refusing to write --output " + file + ": " + why);
  }

  /** Where a path really leads: symbolic links and {@code ..} resolved on the parts that exist. */
  static final class Paths {
    private Paths() {}

    static Path resolve(Path p) {
      Path abs = p.toAbsolutePath();
      for (int hops = 0; hops < 40; hops++) {
        if (Files.exists(abs)) {
          try {
            return abs.toRealPath();
          } catch (IOException e) {
            return abs.normalize();
          }
        }
        if (Files.isSymbolicLink(abs)) {
          // A dangling link: follow it by hand to where it would write.
          try {
            abs = abs.resolveSibling(Files.readSymbolicLink(abs)).toAbsolutePath();
            continue;
          } catch (IOException e) {
            return abs.normalize();
          }
        }
        Path parent = abs.getParent();
        if (parent == null || abs.getFileName() == null) {
          return abs.normalize();
        }
        String name = abs.getFileName().toString();
        Path realParent = resolve(parent);
        return name.equals("..")
            ? parentOf(realParent)
            : name.equals(".") ? realParent : realParent.resolve(name);
      }
      return abs.normalize();
    }

    private static Path parentOf(Path p) {
      return p.getParent() == null ? p : p.getParent();
    }
  }
}
