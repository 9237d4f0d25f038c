package io.aurum.core.rollback;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.port.Store;
import io.aurum.core.port.VersionRepository.VersionPair;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes versions to a gzip file of JSON lines (one per observation, with its partition, version
 * and checksum), atomically: the backup of a controlled rollback and the body of an archive.
 */
public final class VersionBackup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VersionBackup() {}

  /** Backs up the {@code after} versions of the pairs. */
  public static Path write(Store store, Path file, List<VersionPair> pairs, String operationId) {
    return writeVersions(store, file, pairs.stream().map(VersionPair::after).toList());
  }

  public static Path writeVersions(Store store, Path file, List<PartitionVersion> versions) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp));
          JsonGenerator g = JSON.getFactory().createGenerator(out)) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        for (PartitionVersion v : versions) {
          for (Observation o : store.versions().observations(v.id())) {
            g.writeStartObject();
            g.writeStringField("partition", v.partition().toString());
            g.writeNumberField("version_id", v.id());
            g.writeNumberField("version_no", v.versionNo());
            g.writeStringField("operation_id", v.operationId());
            g.writeStringField("checksum", v.checksum());
            g.writeStringField("series_id", o.seriesId());
            g.writeStringField("period", o.period().toString());
            g.writeNumberField("value", o.value());
            g.writeStringField("unit", o.unit());
            g.writeStringField("attributes", o.attributes());
            g.writeEndObject();
            g.writeRaw('\n');
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the backup " + file, e);
    }
  }
}
