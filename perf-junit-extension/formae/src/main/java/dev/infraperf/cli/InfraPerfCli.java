package dev.infraperf.cli;

import dev.infraperf.config.ConfigurationException;
import java.io.PrintWriter;
import org.apiguardian.api.API;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar infra-perf-cli.jar <command>}: infra-perf's command line. Exit codes: 0 success,
 * 1 failure (for example a Pkl evaluation error), 2 bad input (one-line message on stderr).
 */
@Command(
        name = "infra-perf",
        mixinStandardHelpOptions = true,
        version = "infra-perf 0.1.0",
        description = "Performance, load and regression testing of infrastructure tools.",
        subcommands = {GenerateCommand.class})
@API(status = API.Status.INTERNAL, since = "0.1")
public final class InfraPerfCli {

    /** Exit code for bad input: the message says what was wrong and what is accepted. */
    public static final int BAD_INPUT = 2;

    private InfraPerfCli() {}

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new InfraPerfCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof ConfigurationException || e instanceof CommandLine.ParameterException) {
                err.println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            err.println("error: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }
}
