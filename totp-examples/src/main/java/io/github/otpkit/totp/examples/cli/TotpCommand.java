package io.github.otpkit.totp.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code totp} command; it only dispatches to its subcommands. */
@Command(
    name = "totp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "One-time passwords (RFC 4226 HOTP, RFC 6238 TOTP) on the command line, and the Photo"
          + " Portal demo.",
      "",
      "Exit status: 0 success, 2 bad input (one 'error: ' line on standard error)."
    },
    synopsisSubcommandLabel = "COMMAND")
final class TotpCommand implements Callable<Integer> {
  @Spec private CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    throw new BadInputException(
        "missing command; expected one of: "
            + String.join(", ", spec.subcommands().keySet())
            + " (see totp --help)");
  }
}
