package io.aurum.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.port.Store;
import io.aurum.core.port.VersionRepository.VersionPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * {@code aurum archive} (runbook §2.7.2): the versions an operation superseded, one gzip file of
 * JSON lines each (the format of {@link VersionBackup}), and {@code manifest.json} with, per file,
 * the rows' checksum ({@link Checksums}) and the file's SHA-256. Every file is read back and its
 * rows' checksum recomputed before it is listed; a mismatch stops the archive (exit 5).
 */
public final class Archiver {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  public static final String MANIFEST = "manifest.json";

  private Archiver() {}

  public record Entry(
      String file,
      String partition,
      long versionId,
      int versionNo,
      String operationId,
      long records,
      String checksum,
      String fileSha256) {}

  public record Result(Path directory, Path manifest, List<Entry> entries) {}

  public static Result archive(
      Store store, String operationId, Path location, String actor, Instant now) {
    store
        .operations()
        .find(operationId)
        .orElseThrow(() -> AurumException.NotFound.noOperation(operationId));
    Map<Long, PartitionVersion> superseded = new LinkedHashMap<>();
    for (VersionPair p : store.versions().written(operationId)) {
      if (p.before() != null) {
        superseded.putIfAbsent(p.before().id(), p.before());
      }
    }
    Path dir = location.resolve(operationId);
    List<Entry> entries = new ArrayList<>();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AurumException.BadInput(
          "cannot create the archive directory " + dir + ": " + e.getMessage());
    }
    for (PartitionVersion v : superseded.values()) {
      String name =
          v.partition().source().cliName()
              + "_"
              + v.partition().dataset()
              + "_"
              + v.partition().period()
              + "_v"
              + v.versionNo()
              + ".jsonl.gz";
      Path file = dir.resolve(name);
      VersionBackup.writeVersions(store, file, List.of(v));
      Verified check = verify(file);
      if (v.checksum() != null && !v.checksum().equals(check.checksum())) {
        throw new AurumException.ValidationFailed(
            "archive of "
                + v.partition()
                + " v"
                + v.versionNo()
                + ": rows checksum "
                + check.checksum()
                + " differs from the recorded "
                + v.checksum());
      }
      entries.add(
          new Entry(
              name,
              v.partition().toString(),
              v.id(),
              v.versionNo(),
              v.operationId(),
              check.records(),
              check.checksum(),
              check.fileSha256()));
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("operation_id", operationId);
    root.put("created_at", now.toString());
    root.put("checksum_algorithm", "aurum rows SHA-256 (io.aurum.core.model.Checksums)");
    ArrayNode files = root.putArray("files");
    for (Entry e : entries) {
      ObjectNode n = files.addObject();
      n.put("file", e.file());
      n.put("partition", e.partition());
      n.put("version_id", e.versionId());
      n.put("version_no", e.versionNo());
      n.put("operation_id", e.operationId());
      n.put("records", e.records());
      n.put("checksum", e.checksum());
      n.put("file_sha256", e.fileSha256());
    }
    Path manifest = dir.resolve(MANIFEST);
    try {
      Path tmp = dir.resolve(MANIFEST + ".tmp");
      JSON.writeValue(tmp.toFile(), root);
      Files.move(
          tmp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + manifest, e);
    }
    store
        .audit()
        .append(
            actor,
            operationId,
            "operation.archived",
            "{\"location\":"
                + quote(dir.toAbsolutePath().toString())
                + ",\"versions\":"
                + entries.size()
                + "}");
    return new Result(dir, manifest, entries);
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a file holds: its rows' checksum and count, and the SHA-256 of its bytes. */
  public record Verified(String checksum, long records, String fileSha256) {}

  /** Reads an archive file back: its rows' checksum (as recorded in the store) and its digest. */
  public static Verified verify(Path file) {
    List<Observation> rows = new ArrayList<>();
    String sha;
    try (InputStream raw = Files.newInputStream(file);
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        rows.add(
            new Observation(
                n.get("series_id").asText(),
                Instant.parse(n.get("period").asText()),
                n.get("value").asDouble(),
                n.path("unit").isNull() ? null : n.path("unit").asText(null),
                n.path("attributes").isNull() ? null : n.path("attributes").asText(null)));
      }
      sha = HexFormat.of().formatHex(Checksums.sha256().digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the archive file " + file, e);
    }
    return new Verified(Checksums.of(rows), rows.size(), sha);
  }
}
