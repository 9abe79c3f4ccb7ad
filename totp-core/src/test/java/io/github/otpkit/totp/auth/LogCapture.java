package io.github.otpkit.totp.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects everything otpkit logs through slf4j-jdk14 while it is open. */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger("io.github.otpkit.totp");
  private final Level previousLevel;
  private final boolean previousUseParent;
  private final List<LogRecord> records = new ArrayList<>();

  public LogCapture() {
    previousLevel = logger.getLevel();
    previousUseParent = logger.getUseParentHandlers();
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.setUseParentHandlers(false);
    logger.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  public synchronized List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** Every text that reached the log: messages, parameters and exception messages. */
  public synchronized List<String> texts() {
    List<String> texts = new ArrayList<>();
    for (LogRecord r : records) {
      texts.add(String.valueOf(r.getMessage()));
      Object[] parameters = r.getParameters();
      if (parameters != null) {
        for (Object p : parameters) {
          texts.add(String.valueOf(p));
        }
      }
      for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
      }
    }
    return texts;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
    logger.setUseParentHandlers(previousUseParent);
  }
}
