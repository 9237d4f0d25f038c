package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Role;
import io.aurum.core.port.Store;
import io.aurum.core.port.TokenRepository.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server's bearer tokens: made here, shown once, stored as their SHA-256 only. A token is
 * {@code aurum_} and 32 random bytes in base64url (256 bits: guessing one is hopeless, so a fast
 * hash is enough).
 */
public final class Tokens {
  /** What every token starts with, so a leaked one is easy to search for. */
  public static final String PREFIX = "aurum_";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;

  public Tokens(Store store) {
    this.store = store;
  }

  /** A token just made: the only time its secret is known. */
  public record Created(String name, Role role, String token) {
    @Override
    public String toString() {
      return "Created[name=" + name + ", role=" + role + ", token=<hidden>]";
    }
  }

  /** Makes a token for {@code name} with {@code role}; the caller shows {@code token} once. */
  public Created create(String name, Role role, String actor) {
    checkName(name);
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    store.tokens().create(name, role, sha256(token), actor);
    return new Created(name, role, token);
  }

  public List<StoredToken> list(boolean all) {
    return store.tokens().list(all);
  }

  /** Revokes the active token {@code name}; {@code NotFound} when there is none. */
  public void revoke(String name, String actor) {
    checkName(name);
    if (!store.tokens().revoke(name, actor)) {
      throw new AurumException.NotFound(
          "no active token named " + name + ": list the tokens to see their names");
    }
  }

  /** The active token a presented secret is, if any. */
  public Optional<StoredToken> authenticate(String presented) {
    if (presented == null || !presented.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return store.tokens().authenticate(sha256(presented));
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new AurumException.BadInput(
          "token name '"
              + name
              + "' is not 1 to 64 letters, digits, dots, dashes or underscores: name it after"
              + " its holder, e.g. grafana or ci-deploy");
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
