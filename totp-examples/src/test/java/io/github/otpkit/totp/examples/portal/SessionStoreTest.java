package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
  private final SessionStore store = new SessionStore(clock, new SecureRandom(), 100);

  @Test
  void create_givesDistinct256BitIdsAndTokens() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Session s = store.create();
      assertThat(s.id()).matches("[A-Za-z0-9_-]{43}");
      assertThat(s.csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(s.id());
      assertThat(seen.add(s.id())).isTrue();
      assertThat(seen.add(s.csrfToken())).isTrue();
      assertThat(s.stage()).isEqualTo(Session.Stage.ANONYMOUS);
    }
  }

  @Test
  void rotate_givesNewIdAndTokenAndForgetsTheOldSession() {
    Session old = store.create();

    Session fresh = store.rotate(old);

    assertThat(fresh.id()).isNotEqualTo(old.id());
    assertThat(fresh.csrfToken()).isNotEqualTo(old.csrfToken());
    assertThat(store.find(old.id())).isEmpty();
    assertThat(store.find(fresh.id())).containsSame(fresh);
    assertThat(fresh.stage()).isEqualTo(Session.Stage.ANONYMOUS);
  }

  @Test
  void find_afterIdleTimeout_isEmpty() {
    Session s = store.create();
    clock.advance(SessionStore.IDLE_TIMEOUT.minusSeconds(1));
    assertThat(store.find(s.id())).isPresent();

    clock.advance(SessionStore.IDLE_TIMEOUT);

    assertThat(store.find(s.id())).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void find_afterMaxAge_isEmptyEvenWhenActive() {
    Session s = store.create();
    Duration step = SessionStore.IDLE_TIMEOUT.dividedBy(2);
    for (Duration age = Duration.ZERO;
        age.plus(step).compareTo(SessionStore.MAX_AGE) < 0;
        age = age.plus(step)) {
      clock.advance(step);
      assertThat(store.find(s.id())).as("at %s", age.plus(step)).isPresent();
    }

    clock.advance(step);

    assertThat(store.find(s.id())).isEmpty();
  }

  @Test
  void create_whenFull_dropsTheLeastRecentlySeen() {
    SessionStore small = new SessionStore(clock, new SecureRandom(), 3);
    Session a = small.create();
    clock.advance(Duration.ofSeconds(1));
    Session b = small.create();
    clock.advance(Duration.ofSeconds(1));
    Session c = small.create();
    clock.advance(Duration.ofSeconds(1));
    small.find(a.id());

    Session d = small.create();

    assertThat(small.size()).isEqualTo(3);
    assertThat(small.find(b.id())).isEmpty();
    assertThat(small.find(a.id())).isPresent();
    assertThat(small.find(c.id())).isPresent();
    assertThat(small.find(d.id())).isPresent();
  }

  @Test
  void stages_passwordThenSecondFactor_onlySignedInCounts() {
    Session s = store.create();
    Session.User user = new Session.User(7, "alice");

    s.awaitSecondFactor(user);
    assertThat(s.stage()).isEqualTo(Session.Stage.SECOND_FACTOR_PENDING);
    assertThat(s.user()).isEqualTo(user);
    assertThat(s.signedInUser()).isNull();

    s.signIn(user);
    assertThat(s.signedInUser()).isEqualTo(user);
  }

  @Test
  void flash_isTakenOnceAndOnlyByItsPage() {
    Session s = store.create();
    s.setFlash(Session.Flash.notice("/sign-in", "hello"));

    assertThat(s.takeFlash("/")).isNull();
    assertThat(s.takeFlash("/sign-in")).extracting(Session.Flash::notice).isEqualTo("hello");
    assertThat(s.takeFlash("/sign-in")).isNull();
  }

  @Test
  void toString_neverShowsIdOrToken() {
    Session s = store.create();
    s.signIn(new Session.User(3, "x"));

    assertThat(s.toString())
        .isEqualTo("Session[SIGNED_IN, user 3]")
        .doesNotContain(s.id())
        .doesNotContain(s.csrfToken());
  }
}
