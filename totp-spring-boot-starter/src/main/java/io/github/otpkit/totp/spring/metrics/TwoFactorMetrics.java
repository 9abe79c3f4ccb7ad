package io.github.otpkit.totp.spring.metrics;

import io.github.otpkit.totp.auth.TwoFactorEvent;
import io.github.otpkit.totp.auth.TwoFactorListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the outcomes of two-factor authentication in Micrometer: one counter {@value #METER_NAME}
 * with a tag {@value #TYPE_TAG} per {@link TwoFactorEvent.Type}, in lower case: {@code
 * code_accepted}, {@code invalid}, {@code replayed}, {@code throttled}, {@code recovery_code_used},
 * {@code enabled}, {@code disabled}, and the others. Alert on a rising {@code invalid} or {@code
 * throttled} rate: someone who knows passwords is guessing codes.
 *
 * <p>It is a {@link TwoFactorListener} of the service and a {@link MeterBinder}: Spring Boot binds
 * it to every meter registry (the counters exist from start-up, at zero). Tags never carry the
 * account id, which would make one time series per user.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class TwoFactorMetrics implements TwoFactorListener, MeterBinder {
  /** The counter's name: {@value}. */
  public static final String METER_NAME = "otpkit.totp.events";

  /** The tag that holds the event type: {@value}. */
  public static final String TYPE_TAG = "type";

  private final List<Map<TwoFactorEvent.Type, Counter>> registries = new CopyOnWriteArrayList<>();

  /** Creates the metrics; they count nothing until bound to a registry. */
  public TwoFactorMetrics() {}

  @Override
  public void bindTo(MeterRegistry registry) {
    Map<TwoFactorEvent.Type, Counter> counters = new EnumMap<>(TwoFactorEvent.Type.class);
    for (TwoFactorEvent.Type type : TwoFactorEvent.Type.values()) {
      counters.put(
          type,
          Counter.builder(METER_NAME)
              .description("Two-factor authentication events (otpkit), by type")
              .tag(TYPE_TAG, tagValue(type))
              .register(registry));
    }
    registries.add(counters);
  }

  @Override
  public void onEvent(TwoFactorEvent event) {
    for (Map<TwoFactorEvent.Type, Counter> counters : registries) {
      Counter counter = counters.get(event.type());
      if (counter != null) {
        counter.increment();
      }
    }
  }

  /**
   * Returns the tag value of an event type.
   *
   * @param type the type
   * @return its name in lower case, e.g. {@code recovery_code_used}
   */
  public static String tagValue(TwoFactorEvent.Type type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "TwoFactorMetrics[" + registries.size() + " registries]";
  }
}
