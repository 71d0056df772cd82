package dev.infraperf.formae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the driver reads of a {@code formae} binary's own configuration ({@code
 * $HOME/.config/formae/formae.conf.pkl}): the API URL its CLI talks to ({@code cli { api { url; port } }}) and
 * the agent's log file ({@code agent { logging { filePath } }}). Read as text, not evaluated: only literal values
 * of these few keys are understood; anything else falls back to Formae's defaults.
 *
 * @param home the {@code HOME} the binary runs with
 * @param apiUri the API the CLI talks to (default {@code http://localhost:49684})
 * @param logFile the agent's file log (default {@code $HOME/.pel/formae/log/formae.log})
 */
record CliConfig(Path home, URI apiUri, Path logFile) {

    /** Formae's default API: {@code http://localhost:49684}. */
    static final URI DEFAULT_API = URI.create("http://localhost:49684");

    private static final Pattern CLI_API = Pattern.compile("(?s)\\bcli\\s*\\{.*?\\bapi\\s*\\{([^}]*)\\}");
    private static final Pattern LOGGING = Pattern.compile("(?s)\\blogging\\s*\\{([^}]*)\\}");
    private static final Pattern URL = Pattern.compile("\\burl\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern PORT = Pattern.compile("\\bport\\s*=\\s*(\\d+)");
    private static final Pattern FILE_PATH = Pattern.compile("\\bfilePath\\s*=\\s*\"([^\"]+)\"");

    /** The configuration file under {@code home}. */
    static Path file(Path home) {
        return home.resolve(".config").resolve("formae").resolve("formae.conf.pkl");
    }

    /** The configuration of a binary run with {@code HOME=home}; defaults where the file says nothing. */
    static CliConfig read(Path home) {
        Path file = file(home);
        String text = "";
        if (Files.isRegularFile(file)) {
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the formae configuration " + file, e);
            }
        }
        return parse(home, text);
    }

    static CliConfig parse(Path home, String text) {
        URI api = DEFAULT_API;
        Matcher cli = CLI_API.matcher(text);
        if (cli.find()) {
            String block = cli.group(1);
            String url = group(URL, block).orElse("http://localhost");
            Optional<String> port = group(PORT, block);
            URI base = URI.create(url);
            int p = port.map(Integer::parseInt).orElse(base.getPort() > 0 ? base.getPort() : DEFAULT_API.getPort());
            api = URI.create(base.getScheme() + "://" + base.getHost() + ":" + p);
        }
        Path log = home.resolve(".pel").resolve("formae").resolve("log").resolve("formae.log");
        Matcher logging = LOGGING.matcher(text);
        if (logging.find()) {
            Optional<String> path = group(FILE_PATH, logging.group(1));
            if (path.isPresent()) {
                log = Path.of(path.get());
            }
        }
        return new CliConfig(home, api, log);
    }

    private static Optional<String> group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
