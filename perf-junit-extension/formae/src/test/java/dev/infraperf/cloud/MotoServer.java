package dev.infraperf.cloud;

import dev.infraperf.config.PerfConfig;
import dev.infraperf.parts.Executables;
import dev.infraperf.parts.FreePort;
import dev.infraperf.parts.PartCandidate.Attempt;
import dev.infraperf.parts.PartResolver;
import dev.infraperf.parts.ResolvedPart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** An AWS API for tests: {@code AWS_ENDPOINT_URL} / {@code perf.aws.endpoint}, else {@code moto_server} from PATH. */
final class MotoServer {

    private MotoServer() {}

    static ResolvedPart<URI> resolve() {
        PerfConfig config = PerfConfig.fromSystem();
        return PartResolver.<URI>of("AWS API")
                .candidate(() -> config.get(PerfConfig.AWS_ENDPOINT)
                        .map(url -> Attempt.found(URI.create(url), url + " (perf.aws.endpoint / AWS_ENDPOINT_URL)"))
                        .orElseGet(() -> Attempt.absent("no perf.aws.endpoint / AWS_ENDPOINT_URL")))
                .candidate(MotoServer::startFromPath)
                .resolve();
    }

    private static Attempt<URI> startFromPath() throws IOException, InterruptedException {
        Path moto = Executables.onPath("moto_server").orElse(null);
        if (moto == null) {
            return Attempt.absent("no moto_server on PATH (pip install 'moto[server]')");
        }
        int port = FreePort.pick();
        Path log = Files.createTempFile("moto-server", ".log");
        Process process = new ProcessBuilder(moto.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!listening(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("moto_server did not listen on " + port + "; see " + log);
            }
            Thread.sleep(100);
        }
        URI uri = URI.create("http://127.0.0.1:" + port);
        return Attempt.found(uri, "moto_server started on " + uri, () -> {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
