package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Everything that otpkit logs (through SLF4J, bound to java.util.logging in tests) is captured at
 * the finest level while secrets are generated, put into URIs, parsed, rejected and used; no form
 * of any key may appear in a message, a parameter or a logged exception.
 */
class NoSecretInLogsTest {
  private static final SimpleFormatter FORMATTER = new SimpleFormatter();

  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (records) {
            records.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  // A strong reference, so that the configured level is not lost to garbage collection.
  private final Logger otpkitLogger = Logger.getLogger("io.github.otpkit");
  private Level previousLevel = Level.INFO;

  @BeforeEach
  void captureEverything() {
    Level level = otpkitLogger.getLevel();
    previousLevel = level == null ? Level.INFO : level;
    otpkitLogger.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    otpkitLogger.addHandler(handler);
  }

  @AfterEach
  void restore() {
    otpkitLogger.removeHandler(handler);
    otpkitLogger.setLevel(previousLevel);
  }

  private static String render(LogRecord r) {
    StringBuilder sb = new StringBuilder(FORMATTER.formatMessage(r));
    Object[] parameters = r.getParameters();
    if (parameters != null) {
      for (Object p : parameters) {
        sb.append(' ').append(p);
      }
    }
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      sb.append(' ').append(trace);
    }
    return sb.toString();
  }

  @Test
  void fullLifecycle_logsNoFormOfAnyGeneratedKey() {
    List<String> forbidden = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      OtpSecret secret = OtpSecret.generate(16 + i * 2);
      String base32 = secret.revealBase32();
      forbidden.add(base32.substring(0, 16));
      forbidden.add(base32.substring(0, 16).toLowerCase(Locale.ROOT));
      forbidden.add(secret.revealBase32Grouped().substring(0, 19));
      forbidden.add(HexFormat.of().formatHex(secret.revealBytes()).substring(0, 20));

      OtpAuthUri uri =
          OtpAuthUri.totp(secret, "Photo Portal", "user" + i + "@example.com")
              .digits(6 + i % 3)
              .period(Duration.ofSeconds(30 + i))
              .build();
      String text = uri.revealUriString();
      forbidden.add(text.substring(0, text.indexOf("&") > 0 ? text.indexOf("&") : text.length()));
      OtpAuthUri parsed = OtpAuthUri.parse(text.replace(base32, base32.toLowerCase(Locale.ROOT)));
      assertThat(
              TotpGenerator.create(parsed.secret(), parsed.totpParameters())
                  .generate(Instant.ofEpochSecond(59)))
          .hasSize(6 + i % 3);
      assertThat(HotpGenerator.create(secret).generate(i)).hasSize(6);
      assertThat(parsed.compatibility().worksInBoth()).isEqualTo(i == 0);

      // Rejections: a corrupted copy of the secret, in a URI and on its own, and a duplicate.
      String corrupted = base32.substring(0, base32.length() - 1) + "1";
      assertThat(catchThrowable(() -> OtpAuthUri.parse("otpauth://totp/X:y?secret=" + corrupted)))
          .isInstanceOf(InvalidUriException.class);
      assertThat(catchThrowable(() -> OtpSecret.fromBase32(corrupted)))
          .isInstanceOf(InvalidSecretException.class);
      assertThat(catchThrowable(() -> OtpAuthUri.parse(text + "&secret=" + base32)))
          .isInstanceOf(InvalidUriException.class);
    }

    // The capture works: a canary logged through SLF4J, at debug level, arrives.
    LoggerFactory.getLogger(OtpAuthUri.class).debug("canary {}", "ok");

    List<String> rendered;
    synchronized (records) {
      rendered = records.stream().map(NoSecretInLogsTest::render).toList();
    }
    assertThat(rendered).as("the capture must see SLF4J output").contains("canary ok");
    for (String line : rendered) {
      for (String key : forbidden) {
        assertThat(line).doesNotContain(key);
      }
    }
  }
}
