package io.github.otpkit.totp.spring;

import io.github.otpkit.totp.auth.TwoFactorEvent;
import io.github.otpkit.totp.auth.TwoFactorListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every event to each {@link TwoFactorListener} bean in order; one that throws is logged and
 * does not keep the event from the others.
 */
final class CompositeTwoFactorListener implements TwoFactorListener {
  private static final Logger LOG = LoggerFactory.getLogger(CompositeTwoFactorListener.class);

  private final List<TwoFactorListener> listeners;

  CompositeTwoFactorListener(List<TwoFactorListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onEvent(TwoFactorEvent event) {
    for (TwoFactorListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "TwoFactorListener {} failed on a {} event: {}",
            listener.getClass().getName(),
            event.type(),
            e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "CompositeTwoFactorListener" + listeners;
  }
}
