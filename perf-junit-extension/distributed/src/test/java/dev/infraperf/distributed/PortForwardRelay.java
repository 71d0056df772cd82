package dev.infraperf.distributed;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRUD mock API server plus what the API server and the kubelet do for {@code pods/portforward}: each WebSocket
 * (the client opens one per forwarded TCP connection) is relayed to a TCP connection to where {@code target} says the
 * pod is, speaking the Kubernetes port-forward protocol ({@code v4.channel.k8s.io}: channel 0 data, channel 1 errors,
 * each opened by a frame carrying the port, little-endian; every data frame prefixed by its channel byte).
 */
final class PortForwardRelay extends Dispatcher {

    private static final Pattern PORT_FORWARD =
            Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward\\?ports=(\\d+)");

    private final Dispatcher crud = new KubernetesCrudDispatcher();
    private final Function<String, URI> target;
    /** {@code namespace/pod:port} of every forwarded connection. */
    final List<String> forwarded = new CopyOnWriteArrayList<>();

    /** @param target where the pod of a name listens on this machine */
    PortForwardRelay(Function<String, URI> target) {
        this.target = target;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = PORT_FORWARD.matcher(request.getPath());
        if (!m.matches()) {
            return crud.dispatch(request);
        }
        int port = Integer.parseInt(m.group(3));
        forwarded.add(m.group(1) + "/" + m.group(2) + ":" + port);
        URI to = target.apply(m.group(2));
        return new MockResponse()
                .addHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
                .withWebSocketUpgrade(new Relay(to, port));
    }

    private static final class Relay extends WebSocketListener {
        private final URI to;
        private final int port;
        private volatile Socket socket;

        Relay(URI to, int port) {
            this.to = to;
            this.port = port;
        }

        @Override
        public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
            try {
                socket = new Socket(to.getHost(), to.getPort());
            } catch (IOException e) {
                ws.close(1011, "cannot reach " + to + ": " + e);
                return;
            }
            ws.send(new byte[] {0, (byte) port, (byte) (port >> 8)});
            ws.send(new byte[] {1, (byte) port, (byte) (port >> 8)});
            Thread.ofPlatform().daemon().name("port-forward-relay").start(() -> pump(ws));
        }

        private void pump(WebSocket ws) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    byte[] frame = new byte[n + 1];
                    System.arraycopy(buffer, 0, frame, 1, n);
                    ws.send(frame);
                }
            } catch (IOException e) {
                // the connection ended
            }
            ws.close(1000, "");
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            if (bytes.length > 1 && bytes[0] == 0) {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(Arrays.copyOfRange(bytes, 1, bytes.length));
                    out.flush();
                } catch (IOException e) {
                    ws.close(1011, e.toString());
                }
            }
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            onMessage(ws, bytes.toByteArray());
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            close();
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            close();
        }

        private void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException e) {
                // closed already
            }
        }
    }
}
