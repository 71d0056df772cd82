package dev.infraperf.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apiguardian.api.API;

/** A TCP port on the loopback interface that was free a moment ago. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class FreePort {

    private FreePort() {}

    /** Asks the OS for an ephemeral port on 127.0.0.1 and releases it for the caller to bind. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
