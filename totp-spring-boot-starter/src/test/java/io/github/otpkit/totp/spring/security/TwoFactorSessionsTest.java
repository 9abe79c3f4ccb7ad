package io.github.otpkit.totp.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.spring.Authenticator;
import io.github.otpkit.totp.store.InMemoryStore;
import io.github.otpkit.totp.test.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

/** The session work after a factor change, with mock requests: fast, no Spring context. */
class TwoFactorSessionsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:05Z");

  private final TestClock clock = TestClock.at(T0);
  private final TwoFactorService service =
      TwoFactorService.builder(
              InMemoryStore.create(), SecretCipher.create(EncryptionKey.generate("k")))
          .issuer("Test")
          .clock(clock)
          .build();

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  private static Authentication signIn(String name) {
    Authentication user =
        UsernamePasswordAuthenticationToken.authenticated(
            name, null, AuthorityUtils.createAuthorityList("FACTOR_PASSWORD", "ROLE_USER"));
    SecurityContextHolder.setContext(new SecurityContextImpl(user));
    return user;
  }

  private static MockHttpServletRequest request(MockHttpSession session) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/account/two-factor");
    request.setSession(session);
    return request;
  }

  @Test
  void afterEnabling_newSessionId_factorGrantedAndSaved_otherSessionsExpired() {
    SessionRegistryImpl registry = new SessionRegistryImpl();
    Authenticator.enable(service, "alice", clock);
    Authentication user = signIn("alice");
    MockHttpSession current = new MockHttpSession();
    String before = current.getId();
    registry.registerNewSession(before, "alice");
    registry.registerNewSession("other-1", "alice");
    registry.registerNewSession("other-2", "alice");
    registry.registerNewSession("bob-1", "bob");
    TwoFactorSessions sessions =
        TwoFactorSessions.create(
                service, AccountIdResolver.principalName(), UserSessions.sessionRegistry(registry))
            .withClock(clock);

    int ended = sessions.afterFactorChange(request(current), new MockHttpServletResponse());

    assertThat(ended).isEqualTo(2);
    assertThat(current.getId()).isNotEqualTo(before);
    assertThat(expired(registry, "other-1")).isTrue();
    assertThat(expired(registry, "other-2")).isTrue();
    assertThat(expired(registry, before)).isFalse();
    assertThat(expired(registry, "bob-1")).isFalse();
    Authentication now =
        Objects.requireNonNull(SecurityContextHolder.getContext().getAuthentication());
    assertThat(TotpFactor.isPresent(now)).isTrue();
    assertThat(now.getName()).isEqualTo(user.getName());
    SecurityContext saved =
        (SecurityContext)
            Objects.requireNonNull(
                current.getAttribute(
                    HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY));
    assertThat(TotpFactor.isPresent(saved.getAuthentication())).isTrue();
  }

  private static boolean expired(SessionRegistryImpl registry, String id) {
    SessionInformation info = Objects.requireNonNull(registry.getSessionInformation(id), id);
    return info.isExpired();
  }

  @Test
  void afterDisabling_noFactorAdded() {
    signIn("bob");
    MockHttpSession session = new MockHttpSession();

    TwoFactorSessions.create(service, AccountIdResolver.principalName(), (user, keep) -> 0)
        .afterFactorChange(request(session), new MockHttpServletResponse());

    assertThat(TotpFactor.isPresent(SecurityContextHolder.getContext().getAuthentication()))
        .isFalse();
  }

  @Test
  void keepsTheCurrentSessionUnderBothIds() {
    signIn("carol");
    MockHttpSession session = new MockHttpSession();
    String before = session.getId();
    List<Collection<String>> kept = new ArrayList<>();

    TwoFactorSessions.create(
            service,
            AccountIdResolver.principalName(),
            (user, keep) -> {
              kept.add(List.copyOf(keep));
              return 0;
            })
        .afterFactorChange(request(session), new MockHttpServletResponse());

    assertThat(kept)
        .singleElement()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder(before, session.getId());
  }

  @Test
  void noSessionYet_theNewOneIsKept() {
    signIn("gina");
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/account/two-factor");
    List<Collection<String>> kept = new ArrayList<>();

    TwoFactorSessions.create(
            service,
            AccountIdResolver.principalName(),
            (user, keep) -> {
              kept.add(List.copyOf(keep));
              return 0;
            })
        .afterFactorChange(request, new MockHttpServletResponse());

    String created = Objects.requireNonNull(request.getSession(false)).getId();
    assertThat(kept).singleElement().isEqualTo(List.of(created));
  }

  @Test
  void withoutUserSessions_nothingEnded() {
    signIn("dave");

    int ended =
        TwoFactorSessions.create(service, AccountIdResolver.principalName(), null)
            .afterFactorChange(request(new MockHttpSession()), new MockHttpServletResponse());

    assertThat(ended).isZero();
  }

  @Test
  void nobodySignedIn_isAProgrammingError() {
    TwoFactorSessions sessions =
        TwoFactorSessions.create(service, AccountIdResolver.principalName(), null);

    assertThatThrownBy(
            () ->
                sessions.afterFactorChange(
                    request(new MockHttpSession()), new MockHttpServletResponse()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("afterFactorChange needs a signed-in user");
  }

  @Test
  void springSession_deletesTheUsersOtherSessionsOnly() {
    IndexedSessions repository = new IndexedSessions();
    MapSession mine = repository.add("erin");
    MapSession other = repository.add("erin");
    MapSession someoneElse = repository.add("frank");
    Authentication erin =
        UsernamePasswordAuthenticationToken.authenticated(
            "erin", null, AuthorityUtils.createAuthorityList("ROLE_USER"));

    int ended =
        new SpringSessionUserSessions(repository).endOtherSessions(erin, List.of(mine.getId()));

    assertThat(ended).isEqualTo(1);
    assertThat(repository.sessions)
        .containsKeys(mine.getId(), someoneElse.getId())
        .doesNotContainKey(other.getId());
  }

  /** Spring Session's contract, in memory, indexed by principal name. */
  static final class IndexedSessions implements FindByIndexNameSessionRepository<MapSession> {
    final Map<String, MapSession> sessions = new java.util.HashMap<>();

    MapSession add(String principal) {
      MapSession session = new MapSession();
      session.setAttribute(PRINCIPAL_NAME_INDEX_NAME, principal);
      sessions.put(session.getId(), session);
      return session;
    }

    @Override
    public MapSession createSession() {
      return new MapSession();
    }

    @Override
    public void save(MapSession session) {
      sessions.put(session.getId(), session);
    }

    @Override
    public @org.jspecify.annotations.Nullable MapSession findById(String id) {
      return sessions.get(id);
    }

    @Override
    public void deleteById(String id) {
      sessions.remove(id);
    }

    @Override
    public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String value) {
      Map<String, MapSession> found = new java.util.HashMap<>();
      sessions.forEach(
          (id, s) -> {
            if (value.equals(s.getAttribute(PRINCIPAL_NAME_INDEX_NAME))) {
              found.put(id, s);
            }
          });
      return found;
    }
  }
}
