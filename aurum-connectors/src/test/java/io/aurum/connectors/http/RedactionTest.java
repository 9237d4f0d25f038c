package io.aurum.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactionTest {
  /** The regular expression the scanner replaced, kept here as its specification. */
  static final Pattern SPEC =
      Pattern.compile(
          "(?i)((?:api_key|apikey|api-key|registrationkey|token|access_token|subscription-key|key)=)[^&\\s\"']*");

  @Test
  void redacts_exactly_what_the_regular_expression_did() {
    String[] pieces = {
      "key",
      "KEY",
      "Key",
      "token",
      "TOKEN",
      "api_",
      "access_",
      "registration",
      "subscription-",
      "=",
      "==",
      "&",
      "?",
      " ",
      "\t",
      "\u000B",
      "\"",
      "'",
      "abc123",
      "x",
      "k",
      "ey",
      "\u212Aey",
      "https://api.eia.gov/v2/data/?",
      "monkey",
      "keys",
      "%3D"
    };
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(0, 12); j > 0; j--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String t = text.toString();
      assertThat(Redaction.redact(t)).as(t).isEqualTo(SPEC.matcher(t).replaceAll("$1***"));
    }
  }

  @Test
  void urls_lose_their_keys_and_keep_the_rest() {
    assertThat(
            Redaction.redact(
                "https://api.eia.gov/v2/x/data/?api_key=s3cr3t&frequency=hourly&offset=5000"))
        .isEqualTo("https://api.eia.gov/v2/x/data/?api_key=***&frequency=hourly&offset=5000");
    assertThat(Redaction.redact("a=1&REGISTRATIONKEY=abc&b=2 Access_Token=t0k \"x\""))
        .isEqualTo("a=1&REGISTRATIONKEY=***&b=2 Access_Token=*** \"x\"");
    String clean = "https://x/?frequency=hourly";
    assertThat(Redaction.redact(clean)).isSameAs(clean);
    assertThat(Redaction.redact(null)).isNull();
  }
}
