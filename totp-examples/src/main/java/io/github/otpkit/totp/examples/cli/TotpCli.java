package io.github.otpkit.totp.examples.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code totp} command-line tool.
 *
 * <pre>
 * totp secret [--bytes N]
 * totp code   --secret S [--algorithm A] [--digits D] [--period P] [--t0 T0] [--time T]
 * totp code   --uri URI [--time T]
 * totp code   --qr FILE [--time T]
 * totp hotp   --secret S --counter C [--algorithm A] [--digits D]
 * totp verify --secret S --code CODE [--time T] [--behind N] [--ahead N]
 *             [--algorithm A] [--digits D] [--period P] [--t0 T0]
 * totp uri    --secret S --issuer I --account NAME [--algorithm A] [--digits D] [--period P]
 * totp uri    --hotp --counter C --secret S --issuer I --account NAME [--algorithm A] [--digits D]
 * totp qr     (--uri URI | --secret S --issuer I --account NAME [...])
 *             [--format png|svg|text] [--output FILE [--force]] [--invert]
 * totp portal [--port N] [--data DIR | --database JDBC_URL [--key-file FILE]]
 * </pre>
 *
 * <p>Results go to standard output, one line each ({@code qr} prints its drawing). {@code verify}
 * exits with {@value #INVALID} and prints {@code invalid} for a code that does not match. {@code
 * uri} and {@code qr} print a {@code warning: } line on standard error for each setting that
 * authenticator apps do not honour, and still exit with {@value #OK}. Bad input of any kind (an
 * unknown command or option, a missing option, a bad number, a bad secret, a time before T0) gives
 * exit status {@value #BAD_INPUT}, nothing on standard output and exactly one line on standard
 * error that starts with {@code error: }. No error ever repeats a secret, a code or an otpauth URI,
 * and no stack trace is ever printed. {@code --help} works on every command.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #run} is thread-safe: every call builds its own commands.
 */
public final class TotpCli {
  /** Exit status for success. */
  public static final int OK = 0;

  /** Exit status of {@code verify} for a code that does not match. */
  public static final int INVALID = 1;

  /** Exit status for bad input of any kind. */
  public static final int BAD_INPUT = 2;

  /** Exit status for a failure that is not the user's fault (a bug or a broken environment). */
  public static final int INTERNAL_ERROR = 70;

  /**
   * Options whose values are (or may hold) secrets: never repeated in an error, whatever picocli
   * says.
   */
  private static final Set<String> SENSITIVE_OPTIONS =
      Set.of("--secret", "--uri", "--code", "--database");

  private TotpCli() {}

  /**
   * Runs the tool in-process.
   *
   * @param args the command line
   * @param in standard input (read by {@code --secret -})
   * @param out standard output
   * @param err standard error
   * @param clock the clock that gives "now" when {@code --time} is not given
   * @return the exit status: {@value #OK}, {@value #INVALID}, {@value #BAD_INPUT} or {@value
   *     #INTERNAL_ERROR}
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Clock clock) {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(clock, "clock");
    String[] arguments = args.clone();
    CliContext context = new CliContext(in, out, err, clock);
    CommandLine commandLine = newCommandLine(context);
    PrintWriter helpWriter =
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter =
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    commandLine.setOut(helpWriter);
    commandLine.setErr(errWriter);
    Set<String> optionNames = optionNames(commandLine);
    List<String> secrets = sensitiveValues(arguments, optionNames);
    commandLine.setParameterExceptionHandler(
        (e, ignored) -> fail(context, describe(e), secrets, BAD_INPUT));
    commandLine.setExecutionExceptionHandler(
        (e, ignored, parseResult) -> {
          if (e instanceof BadInputException bad) {
            return fail(context, bad.safeMessage(), secrets, BAD_INPUT);
          }
          // A bug or a broken environment: say what kind of failure it was, but not its message,
          // which we do not control and which might quote input.
          return fail(
              context,
              "unexpected failure (" + e.getClass().getName() + ")",
              secrets,
              INTERNAL_ERROR);
        });
    int status;
    try {
      status = commandLine.execute(arguments);
    } finally {
      helpWriter.flush();
      errWriter.flush();
      out.flush();
      err.flush();
    }
    return status;
  }

  private static CommandLine newCommandLine(CliContext context) {
    CommandLine commandLine = new CommandLine(new TotpCommand());
    // "@file" arguments would read files into the command line; the tool has no use for them.
    commandLine.setExpandAtFiles(false);
    commandLine.addSubcommand(new CommandLine(new SecretCommand(context)));
    commandLine.addSubcommand(new CommandLine(new CodeCommand(context)));
    commandLine.addSubcommand(new CommandLine(new HotpCommand(context)));
    commandLine.addSubcommand(new CommandLine(new VerifyCommand(context)));
    commandLine.addSubcommand(new CommandLine(new UriCommand(context)));
    commandLine.addSubcommand(new CommandLine(new QrCommand(context)));
    commandLine.addSubcommand(new CommandLine(new PortalCommand(context)));
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      sub.setExpandAtFiles(false);
    }
    return commandLine;
  }

  private static Set<String> optionNames(CommandLine commandLine) {
    Set<String> names = new HashSet<>();
    for (OptionSpec option : commandLine.getCommandSpec().options()) {
      names.addAll(List.of(option.names()));
    }
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      names.addAll(optionNames(sub));
    }
    return names;
  }

  private static int fail(CliContext context, String message, List<String> secrets, int status) {
    String line = redact(message, secrets).replace('\r', ' ').replace('\n', ' ');
    context.err().println("error: " + line);
    return status;
  }

  /** Turns picocli's parse errors into our one-line messages, without quoting any value. */
  static String describe(ParameterException e) {
    // picocli checks required options before it complains about unknown ones; a misspelt
    // required option is better reported as unknown than as missing.
    List<String> values = List.of();
    if (e instanceof UnmatchedArgumentException unmatched) {
      values = unmatched.getUnmatched();
    } else if (e instanceof MissingParameterException) {
      ParseResult partial = e.getCommandLine().getParseResult();
      if (partial != null) {
        values = partial.unmatched();
      }
    }
    if (e instanceof UnmatchedArgumentException || !values.isEmpty()) {
      String first = values.isEmpty() ? "" : values.get(0);
      if (first.length() > 1 && first.startsWith("-")) {
        int equals = first.indexOf('=');
        return "unknown option '" + (equals > 0 ? first.substring(0, equals) : first) + "'";
      }
      CommandLine where = e.getCommandLine();
      if (!where.getSubcommands().isEmpty() && noSubcommandMatched(where)) {
        return "unknown command; expected one of: "
            + String.join(", ", where.getSubcommands().keySet())
            + " (see totp --help)";
      }
      return "unexpected argument; "
          + where.getCommandName()
          + " takes options only (see totp "
          + where.getCommandName()
          + " --help)";
    }
    ArgSpec spec = e.getArgSpec();
    if (e.getCause() instanceof TypeConversionException conversion
        && spec instanceof OptionSpec o) {
      return o.longestName() + " " + conversion.getMessage();
    }
    String message = Objects.requireNonNullElse(e.getMessage(), "invalid command line");
    return message.isEmpty()
        ? message
        : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  private static boolean noSubcommandMatched(CommandLine commandLine) {
    ParseResult result = commandLine.getParseResult();
    return result == null || !result.hasSubcommand();
  }

  /**
   * Collects the values given to sensitive options ({@code --secret S}, {@code --secret=S}, and the
   * same for {@code --uri} and {@code --code}); an option name in the place of a value (a missing
   * value) is not one.
   */
  static List<String> sensitiveValues(String[] args, Set<String> optionNames) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (SENSITIVE_OPTIONS.contains(arg)
          && i + 1 < args.length
          && !optionNames.contains(args[i + 1])) {
        values.add(args[i + 1]);
      }
      int equals = arg.indexOf('=');
      if (equals > 0 && SENSITIVE_OPTIONS.contains(arg.substring(0, equals))) {
        values.add(arg.substring(equals + 1));
      }
    }
    return values;
  }

  /**
   * Replaces, as a last line of defence, every sensitive value that appears in a message; our own
   * messages never contain one, but picocli's are not ours.
   */
  static String redact(String message, List<String> secrets) {
    String result = message;
    for (String secret : secrets) {
      // Values shorter than 4 characters cannot be a secret or a code, and replacing them would
      // garble the message.
      if (secret.length() >= 4) {
        result = result.replace(secret, "(redacted)");
      }
    }
    return result;
  }
}
