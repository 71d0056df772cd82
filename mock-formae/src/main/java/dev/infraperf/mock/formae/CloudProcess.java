package dev.infraperf.mock.formae;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The simulated cloud, started as its own process so that it outlives agent crashes. */
final class CloudProcess implements AutoCloseable {

    static final String CLOUD_MAIN = "dev.infraperf.mock.formae.cloud.SimulatedCloudMain";
    static final String READY = "SIMULATED_CLOUD_READY ";

    private final Process process;
    private final URI uri;

    private CloudProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    static CloudProcess start(List<String> extraArgs, Path output, Duration timeout) {
        List<String> args = new ArrayList<>();
        // Port 0 and the URL from the ready line: no race for a port picked before the process binds it.
        args.add("--port");
        args.add("0");
        args.addAll(extraArgs);
        long offset = ChildProcess.sizeOf(output);
        Process process = ChildProcess.start(CLOUD_MAIN, args, output);
        String url = ChildProcess.awaitReadyLine(process, output, offset, READY, timeout, "simulated cloud");
        return new CloudProcess(process, URI.create(url.split("\\s+")[0]));
    }

    URI uri() {
        return uri;
    }

    @Override
    public void close() {
        ChildProcess.stop(process, Duration.ofSeconds(5));
    }
}
