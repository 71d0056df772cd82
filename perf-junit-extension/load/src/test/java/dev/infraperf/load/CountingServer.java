package dev.infraperf.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP/1.1 server that counts what it received, for checking the load engine's accounting from outside,
 * and that misbehaves in one chosen {@link Fault} shape.
 *
 * <p>Counts: {@link #arrived()} is every request whose first byte reached the server (including one it reset before
 * reading), {@link #received()} every request it read whole, by {@code "METHOD path"} in {@link #receivedByRoute()}.
 * A client that sent {@code n} requests that reached the server sees {@code arrived() == n}; the only requests that
 * never arrive are those whose connection was refused. {@link #awaitIdle(Duration)} waits until every connection the
 * client opened is closed, so counts read after it are final.
 *
 * <p>Keep-alive is honoured. {@code healthyPerConnection} answers that many requests of each connection normally
 * before the fault applies (0: the fault applies to every request), e.g. {@code RESET_AFTER_READING} with 1 answers
 * the first request of a connection and resets after reading the second. Threads are virtual; {@link #close()} stops
 * everything, hung answers included.
 */
public final class CountingServer implements AutoCloseable {

    /** How the server treats a request (after the healthy ones of its connection). */
    public enum Fault {
        /** Answers 200 with {@code {"ok":true}}. */
        NONE,
        /** Reads the request and never answers; the connection stays open until the client closes it. */
        HUNG,
        /** Waits for the request's first byte and resets the connection (RST) without reading it. */
        RESET_BEFORE_READING,
        /** Reads the whole request and resets the connection (RST) without answering. */
        RESET_AFTER_READING,
        /** Reads the request, sends the head and a 100-byte body one byte per {@link #slowByteMillis}. */
        SLOW_BYTES,
        /** Answers 500 with {@code {"error":"injected"}}. */
        STATUS_500,
        /** Listens on no port: every connection is refused. */
        REFUSED
    }

    private final Fault fault;
    private final int healthyPerConnection;
    private final ServerSocket listener;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final LongAdder arrived = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final AtomicLong idleCloseMillis = new AtomicLong(-1);
    /** Delay of each byte of a {@link Fault#SLOW_BYTES} body. */
    volatile long slowByteMillis = 100;

    private volatile boolean closed;

    /** A server answering every request with 200. */
    public CountingServer() throws IOException {
        this(Fault.NONE, 0);
    }

    public CountingServer(Fault fault, int healthyPerConnection) throws IOException {
        this.fault = fault;
        this.healthyPerConnection = healthyPerConnection;
        if (fault == Fault.REFUSED) {
            // a port that was free a moment ago and has no listener: connecting is refused
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            listener = null;
            return;
        }
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        port = listener.getLocalPort();
        Thread.ofVirtual().name("counting-server-" + port).start(this::acceptLoop);
    }

    /**
     * After answering a request, closes the connection when no next request arrives within {@code millis} (without a
     * {@code Connection: close} header, like a server's keep-alive timeout); negative disables it.
     */
    public CountingServer closeIdleAfter(long millis) {
        idleCloseMillis.set(millis);
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Requests a phase counts as issued that never reached a server: its failure samples whose message says "never
     * sent" (no free connection within the timeout, or the phase ended while the request waited for one). With a
     * healthy server, {@code phase.issued() - neverSent(phase) == received()}.
     */
    public static long neverSent(PhaseResult phase) {
        return phase.failures().stream()
                .filter(f -> f.message().contains(RequestNotSent.MARKER))
                .mapToLong(f -> f.occurrences())
                .sum();
    }

    /** Requests whose first byte reached the server, read or not. */
    public long arrived() {
        return arrived.sum();
    }

    /** Requests read whole (request line, headers and body). */
    public long received() {
        return received.sum();
    }

    /** Connections accepted. */
    public long connections() {
        return connections.sum();
    }

    /** Requests read whole per {@code "METHOD path"}, sorted. */
    public Map<String, Long> receivedByRoute() {
        Map<String, Long> result = new TreeMap<>();
        byRoute.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }

    /** Waits until no accepted connection is open (the client closed them all); false when that did not happen. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.increment();
            open.add(s);
            Thread.ofVirtual().start(() -> serve(s));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int n = 0; !closed; n++) {
                long idle = idleCloseMillis.get();
                if (n > 0 && idle >= 0) {
                    socket.setSoTimeout((int) Math.max(1, idle));
                }
                int first;
                try {
                    first = in.read();
                } catch (java.net.SocketTimeoutException e) {
                    return; // the keep-alive timeout: close while idle
                }
                if (first < 0) {
                    return;
                }
                socket.setSoTimeout(0);
                arrived.increment();
                Fault now = n < healthyPerConnection ? Fault.NONE : fault;
                if (now == Fault.RESET_BEFORE_READING) {
                    reset(socket);
                    return;
                }
                String head = readHead(first, in);
                if (head == null) {
                    return;
                }
                received.increment();
                String[] requestLine = head.substring(0, head.indexOf('\r')).split(" ");
                String route = requestLine[0] + " " + (requestLine.length > 1 ? requestLine[1] : "");
                byRoute.computeIfAbsent(route, k -> new LongAdder()).increment();
                switch (now) {
                    case HUNG -> {
                        // hold the connection until the client gives up and closes it
                        while (in.read() >= 0) {
                            // discard
                        }
                        return;
                    }
                    case RESET_AFTER_READING -> {
                        reset(socket);
                        return;
                    }
                    case SLOW_BYTES -> {
                        slow(out);
                        return;
                    }
                    case STATUS_500 -> answer(out, 500, "{\"error\":\"injected\"}");
                    default -> answer(out, 200, "{\"ok\":true}");
                }
            }
        } catch (IOException e) {
            // the client closed or reset: nothing to count
        } finally {
            open.remove(socket);
        }
    }

    /** The request head (with {@code \r\n} line ends) after consuming its body; null when the client went away. */
    private static String readHead(int first, InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        head.write(first);
        int matched = first == '\r' ? 1 : 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        long length = 0;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        in.skipNBytes(length);
        return text;
    }

    private static void answer(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Internal Server Error") + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private void slow(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        for (int i = 0; i < 100 && !closed; i++) {
            try {
                Thread.sleep(slowByteMillis);
            } catch (InterruptedException e) {
                return;
            }
            out.write('x');
            out.flush();
        }
    }

    private static void reset(Socket socket) throws SocketException {
        // linger 0: close sends RST instead of FIN
        socket.setSoLinger(true, 0);
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing the listener has nothing to report
            }
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the socket is gone either way
            }
        }
    }
}
