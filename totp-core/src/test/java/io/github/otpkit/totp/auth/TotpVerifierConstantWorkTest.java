package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.Provider;
import java.security.Security;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts SHA-1 finalisations end to end, through a JCA provider installed first for this test, to
 * show that the verifier computes every window candidate whichever one matches.
 */
class TotpVerifierConstantWorkTest {
  private static final String PROVIDER = "OtpkitCountingSha1";
  private static final AtomicInteger DIGESTS = new AtomicInteger();

  private static final OtpSecret SECRET =
      OtpSecret.fromBytes("otpkit-constant-work".getBytes(StandardCharsets.US_ASCII));
  private static final Instant T = Instant.parse("2026-05-01T10:00:10Z");

  /** SHA-1 from the SUN provider, counting each final digest. */
  public static final class CountingSha1 extends MessageDigestSpi implements Cloneable {
    private MessageDigest delegate;

    public CountingSha1() throws GeneralSecurityException {
      this.delegate = MessageDigest.getInstance("SHA-1", "SUN");
    }

    @Override
    protected void engineUpdate(byte input) {
      delegate.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      delegate.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
      DIGESTS.incrementAndGet();
      return delegate.digest();
    }

    @Override
    protected void engineReset() {
      delegate.reset();
    }

    @Override
    protected int engineGetDigestLength() {
      return 20;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
      CountingSha1 copy = (CountingSha1) super.clone();
      copy.delegate = (MessageDigest) delegate.clone();
      return copy;
    }
  }

  @BeforeEach
  void installCountingProvider() {
    Provider provider =
        new Provider(PROVIDER, "1.0", "counts SHA-1 digests for a test") {
          private static final long serialVersionUID = 1L;
        };
    provider.put("MessageDigest.SHA-1", CountingSha1.class.getName());
    Security.insertProviderAt(provider, 1);
  }

  @AfterEach
  void removeCountingProvider() {
    Security.removeProvider(PROVIDER);
  }

  private static int digestsFor(TotpVerifier verifier, String code) {
    DIGESTS.set(0);
    ignore(verifier.verify("alice", SECRET, code, T));
    return DIGESTS.get();
  }

  @Test
  void verify_codeOfFirstCandidate_everyCandidateStillComputed() throws Exception {
    assertThat(MessageDigest.getInstance("SHA-1").getProvider().getName()).isEqualTo(PROVIDER);
    TotpGenerator generator = TotpGenerator.create(SECRET);
    long step = generator.stepAt(T);
    Window window = Window.of(3, 4);

    int expected =
        digestsFor(
            TotpVerifier.builder(InMemoryStore.create()).window(window).build(),
            generator.generateAtStep(step));
    int behind =
        digestsFor(
            TotpVerifier.builder(InMemoryStore.create()).window(window).build(),
            generator.generateAtStep(step - 3));
    int wrong =
        digestsFor(
            TotpVerifier.builder(InMemoryStore.create()).window(window).build(),
            generator.generateAtStep(step + 20));
    int malformed =
        digestsFor(TotpVerifier.builder(InMemoryStore.create()).window(window).build(), "+12345");

    // Two finalisations (inner and outer hash) per candidate, eight candidates.
    assertThat(expected).isEqualTo(2 * window.size());
    assertThat(behind).isEqualTo(2 * window.size());
    assertThat(wrong).isEqualTo(2 * window.size());
    assertThat(malformed).as("a malformed code is never compared").isZero();
  }

  /** Makes an attempt whose result the test checks otherwise (state, events, logs). */
  private static void ignore(Object result) {
    assertThat(result).isNotNull();
  }
}
