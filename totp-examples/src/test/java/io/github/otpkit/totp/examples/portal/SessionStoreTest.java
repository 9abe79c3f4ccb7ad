package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.test.TestClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private static final Session.User ALICE = new Session.User(7, "alice");
  private static final Session.User BOB = new Session.User(8, "bob");
  private static final Session.User CAROL = new Session.User(9, "carol");

  private final TestClock clock = TestClock.at(Instant.parse("2026-05-01T08:00:00Z"));
  private final SessionStore store =
      new SessionStore(clock, new SecureRandom(), new SessionStore.Limits(100, 100, 10));

  private SessionStore store(int anonymous, int signedIn, int perUser) {
    return new SessionStore(
        clock, new SecureRandom(), new SessionStore.Limits(anonymous, signedIn, perUser));
  }

  private Session signedIn(SessionStore s, Session.User user) throws HttpError {
    clock.advance(Duration.ofSeconds(1));
    return s.signIn(s.createAnonymous(), user, Session.Stage.SIGNED_IN, 0);
  }

  @Test
  void createAnonymous_givesDistinct256BitIdsAndTokens() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Session s = store.createAnonymous();
      assertThat(s.id()).matches("[A-Za-z0-9_-]{43}");
      assertThat(s.csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(s.id());
      assertThat(seen.add(s.id())).isTrue();
      assertThat(seen.add(s.csrfToken())).isTrue();
      assertThat(s.stage()).isEqualTo(Session.Stage.ANONYMOUS);
    }
  }

  @Test
  void signIn_givesNewIdAndTokenAndForgetsTheOldSession() throws Exception {
    Session old = store.createAnonymous();

    Session fresh = store.signIn(old, ALICE, Session.Stage.SIGNED_IN, 0);

    assertThat(fresh.id()).isNotEqualTo(old.id());
    assertThat(fresh.csrfToken()).isNotEqualTo(old.csrfToken());
    assertThat(store.find(old.id())).isEmpty();
    assertThat(store.find(fresh.id())).containsSame(fresh);
    assertThat(fresh.signedInUser()).isEqualTo(ALICE);
    assertThat(store.anonymousCount()).isZero();
    assertThat(store.signedInCount()).isEqualTo(1);
  }

  @Test
  void signIn_passwordThenSecondFactor_onlySignedInCounts() throws Exception {
    Session pending =
        store.signIn(store.createAnonymous(), ALICE, Session.Stage.SECOND_FACTOR_PENDING, 3);
    assertThat(pending.stage()).isEqualTo(Session.Stage.SECOND_FACTOR_PENDING);
    assertThat(pending.user()).isEqualTo(ALICE);
    assertThat(pending.signedInUser()).isNull();
    assertThat(pending.sessionEpoch()).isEqualTo(3);

    Session full = store.signIn(pending, ALICE, Session.Stage.SIGNED_IN, 3);

    assertThat(full.signedInUser()).isEqualTo(ALICE);
    assertThat(full.sessionEpoch()).isEqualTo(3);
    assertThat(store.find(pending.id())).isEmpty();
    assertThat(store.signedInCount()).isEqualTo(1);
  }

  @Test
  void find_afterIdleTimeout_isEmpty() {
    Session s = store.createAnonymous();
    clock.advance(SessionStore.IDLE_TIMEOUT.minusSeconds(1));
    assertThat(store.find(s.id())).isPresent();

    clock.advance(SessionStore.IDLE_TIMEOUT);

    assertThat(store.find(s.id())).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void find_afterMaxAge_isEmptyEvenWhenActive() throws Exception {
    Session s = signedIn(store, ALICE);
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
  void createAnonymous_whenFull_dropsTheLeastRecentlySeenAnonymousOne() {
    SessionStore small = store(3, 3, 3);
    Session a = small.createAnonymous();
    clock.advance(Duration.ofSeconds(1));
    Session b = small.createAnonymous();
    clock.advance(Duration.ofSeconds(1));
    Session c = small.createAnonymous();
    clock.advance(Duration.ofSeconds(1));
    small.find(a.id());

    Session d = small.createAnonymous();

    assertThat(small.size()).isEqualTo(3);
    assertThat(small.find(b.id())).isEmpty();
    assertThat(small.find(a.id())).isPresent();
    assertThat(small.find(c.id())).isPresent();
    assertThat(small.find(d.id())).isPresent();
  }

  @Test
  void createAnonymous_beyondTheCap_neverDropsASignedInSession() throws Exception {
    SessionStore small = store(5, 5, 5);
    Session alice = signedIn(small, ALICE);
    Session pending =
        small.signIn(small.createAnonymous(), BOB, Session.Stage.SECOND_FACTOR_PENDING, 0);

    for (int i = 0; i < 1_000; i++) {
      clock.advance(Duration.ofMillis(1));
      small.createAnonymous();
    }

    assertThat(small.find(alice.id())).containsSame(alice);
    assertThat(small.find(pending.id())).containsSame(pending);
    assertThat(small.anonymousCount()).isEqualTo(5);
    assertThat(small.signedInCount()).isEqualTo(2);
  }

  @Test
  void signIn_userAtTheirLimit_endsTheirOwnLeastRecentlySeenSession() throws Exception {
    SessionStore small = store(10, 10, 3);
    Session bob = signedIn(small, BOB);
    List<Session> alice = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alice.add(signedIn(small, ALICE));
    }
    clock.advance(Duration.ofSeconds(1));
    small.find(alice.get(0).id()); // now the second one is the least recently seen

    Session fourth = signedIn(small, ALICE);

    assertThat(small.find(alice.get(1).id())).isEmpty();
    assertThat(small.find(alice.get(0).id())).isPresent();
    assertThat(small.find(alice.get(2).id())).isPresent();
    assertThat(small.find(fourth.id())).isPresent();
    assertThat(small.find(bob.id())).as("another user's session").isPresent();
    assertThat(small.signedInCount()).isEqualTo(4);
  }

  @Test
  void signIn_whenAllSignedInSessionsAreTaken_isRefusedAndEveryoneStays() throws Exception {
    SessionStore small = store(10, 2, 2);
    Session alice = signedIn(small, ALICE);
    Session bob = signedIn(small, BOB);
    Session carol = small.createAnonymous();

    assertThatThrownBy(() -> small.signIn(carol, CAROL, Session.Stage.SIGNED_IN, 0))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessage(
            "The portal cannot take more signed-in people right now. Try again in a few minutes.");

    assertThat(small.find(alice.id())).isPresent();
    assertThat(small.find(bob.id())).isPresent();
    assertThat(small.find(carol.id())).as("the refused visitor keeps their form").isPresent();
    // A user who is already in can sign in again: their own oldest session makes room.
    Session aliceAgain = small.signIn(small.createAnonymous(), ALICE, Session.Stage.SIGNED_IN, 0);
    assertThat(small.find(aliceAgain.id())).isPresent();
  }

  @Test
  void signIn_whenFull_expiredSessionsMakeRoom() throws Exception {
    SessionStore small = store(10, 2, 2);
    signedIn(small, ALICE);
    signedIn(small, BOB);
    clock.advance(SessionStore.IDLE_TIMEOUT);

    Session carol = small.signIn(small.createAnonymous(), CAROL, Session.Stage.SIGNED_IN, 0);

    assertThat(small.find(carol.id())).isPresent();
    assertThat(small.signedInCount()).isEqualTo(1);
  }

  @Test
  void renew_keepsUserMessageAndCodes_takesTheNewEpoch_dropsTheConfirmation_andEndsTheOldId()
      throws Exception {
    Session s = signedIn(store, ALICE);
    s.passwordConfirmed("/two-factor/disable", clock.instant());
    s.setFlash(Session.Flash.notice("/account", "done"));
    s.showRecoveryCodesOnce(List.of("AAAA-BBBB-CCCC-DDDD"));
    Instant created = s.created();

    Session renewed = store.renew(s, 7);

    assertThat(renewed.id()).isNotEqualTo(s.id());
    assertThat(renewed.csrfToken()).isNotEqualTo(s.csrfToken());
    assertThat(store.find(s.id())).isEmpty();
    assertThat(store.find(renewed.id())).containsSame(renewed);
    assertThat(renewed.signedInUser()).isEqualTo(ALICE);
    assertThat(s.sessionEpoch()).isZero();
    assertThat(renewed.sessionEpoch()).as("the user's epoch after the change").isEqualTo(7);
    assertThat(renewed.created())
        .as("the 12-hour limit still counts from sign-in")
        .isEqualTo(created);
    assertThat(renewed.takeFlash("/account")).extracting(Session.Flash::notice).isEqualTo("done");
    assertThat(renewed.takeRecoveryCodes()).containsExactly("AAAA-BBBB-CCCC-DDDD");
    assertThat(
            renewed.passwordConfirmedWithin(
                "/two-factor/disable", Duration.ofMinutes(15), clock.instant()))
        .isFalse();
    assertThat(store.signedInCount()).isEqualTo(1);
  }

  @Test
  void renew_ofASessionEndedMeanwhile_givesAnAnonymousOne() throws Exception {
    Session s = signedIn(store, ALICE);
    store.endSessionsOf(ALICE.id(), null);

    Session renewed = store.renew(s, 7);

    assertThat(renewed.signedInUser()).isNull();
    assertThat(renewed.stage()).isEqualTo(Session.Stage.ANONYMOUS);
  }

  @Test
  void endSessionsOf_endsThatUsersSessionsButTheOneKept() throws Exception {
    Session kept = signedIn(store, ALICE);
    Session other = signedIn(store, ALICE);
    Session pending =
        store.signIn(store.createAnonymous(), ALICE, Session.Stage.SECOND_FACTOR_PENDING, 0);
    Session bob = signedIn(store, BOB);
    Session visitor = store.createAnonymous();

    int ended = store.endSessionsOf(ALICE.id(), kept);

    assertThat(ended).isEqualTo(2);
    assertThat(store.find(other.id())).isEmpty();
    assertThat(store.find(pending.id())).isEmpty();
    assertThat(store.find(kept.id())).isPresent();
    assertThat(store.find(bob.id())).isPresent();
    assertThat(store.find(visitor.id())).isPresent();
    assertThat(store.endSessionsOf(ALICE.id(), null)).isEqualTo(1);
    assertThat(store.find(kept.id())).isEmpty();
  }

  @Test
  void visitor_hasNoTokenAndCannotKeepAMessage() {
    Session visitor = Session.visitor(clock.instant());

    assertThat(visitor.isVisitor()).isTrue();
    assertThat(visitor.stage()).isEqualTo(Session.Stage.ANONYMOUS);
    assertThatThrownBy(visitor::csrfToken).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> visitor.setFlash(Session.Flash.notice("/", "x")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.size()).isZero();
  }

  @Test
  void flash_isTakenOnceAndOnlyByItsPage() {
    Session s = store.createAnonymous();
    s.setFlash(Session.Flash.notice("/sign-in", "hello"));

    assertThat(s.takeFlash("/")).isNull();
    assertThat(s.takeFlash("/sign-in")).extracting(Session.Flash::notice).isEqualTo("hello");
    assertThat(s.takeFlash("/sign-in")).isNull();
  }

  @Test
  void toString_neverShowsIdOrToken() throws Exception {
    Session s =
        store.signIn(store.createAnonymous(), new Session.User(3, "x"), Session.Stage.SIGNED_IN, 0);

    assertThat(s.toString())
        .isEqualTo("Session[SIGNED_IN, user 3]")
        .doesNotContain(s.id())
        .doesNotContain(s.csrfToken());
  }
}
