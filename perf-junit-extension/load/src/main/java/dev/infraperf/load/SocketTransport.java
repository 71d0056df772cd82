package dev.infraperf.load;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal blocking HTTP/1.1 client (plain or TLS) over one keep-alive socket, made for virtual threads: one instance per user, one
 * connection per instance, like wrk's connections and Locust's per-user sessions. It understands {@code
 * Content-Length}, chunked bodies and bodies delimited by connection close (HTTP/1.0 servers such as the original
 * TerraFix mock). Chosen over the JDK {@code HttpClient} by measurement (see {@code docs/benchmarks.md}).
 *
 * <p>Plain connections are watched by {@link ReadinessLoop}, which reads the answer for the user waiting on it; a
 * connection that became readable while idle (the server closed or reset it) is known before reuse, so nothing is
 * sent on a connection known to be dead and no request is lost or repeated (see {@link LoopedConnection}). This
 * client never sends a request twice: when a reused connection fails before any byte of the answer arrived (the
 * server closed it just then, or read the request and reset), {@link #exchange} throws {@link StaleConnection} and the
 * caller decides; the engine retries only idempotent methods, as a request of its own (see {@link UserSession}).
 *
 * <p>Reads and writes block without a socket timeout: the request timeout is enforced by {@link DeadlineSweeper}, which
 * closes the socket of an exchange past its deadline (the exchange then fails with a {@link SocketTimeoutException}).
 */
final class SocketTransport implements Transport {

    private static final byte[] CRLF = {'\r', '\n'};

    private final InetSocketAddress address;
    /** Null for plain HTTP. */
    private final SSLSocketFactory tls;

    private final String tlsHost;
    private final boolean verifyHostname;
    private final byte[] hostHeader;
    private final int connectTimeoutMillis;
    private final byte[] in = new byte[16 * 1024];
    private int pos;
    private int limit;
    private byte[] out = new byte[1024];
    private int outLength;
    /** The open connection: a {@link LoopedConnection} (plain) or an {@link SSLSocket}; null between connections. */
    private Closeable socket;

    private InputStream input;
    private OutputStream output;
    private volatile boolean closed;
    private long deadlineNanos;
    /**
     * The deadline of the exchange in flight, {@link #IDLE} between exchanges, {@link #EXPIRED} once {@link
     * DeadlineSweeper} found it past (and closed the socket): what the sweeper and the exchange hand over.
     */
    private final AtomicLong armed = new AtomicLong(IDLE);

    private static final long IDLE = Long.MIN_VALUE;
    private static final long EXPIRED = Long.MIN_VALUE + 1;
    /** The last exchange expired: its socket is closed or about to be, the next exchange opens a new one. */
    private boolean expired;
    /** The plain connection (the socket under TLS): what the sweeper closes. */
    private volatile Closeable raw;
    /** Bytes of the current answer read so far: a failure before the first one is a {@link StaleConnection}. */
    private long received;

    SocketTransport(URI target, TlsTrust trust, int connectTimeoutMillis) throws IOException {
        String host = target.getHost();
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        if (!https && !"http".equalsIgnoreCase(target.getScheme())) {
            throw new IOException("[" + target + "] is not an http:// or https:// URL");
        }
        int port = target.getPort() > 0 ? target.getPort() : https ? 443 : 80;
        this.tls = https ? trust.context().getSocketFactory() : null;
        this.verifyHostname = trust.verifiesHostname();
        this.tlsHost = host;
        this.address = new InetSocketAddress(InetAddress.getByName(host), port);
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public Answer exchange(String method, String path, List<String> headers, byte[] body, long timeoutNanos)
            throws IOException {
        deadlineNanos = System.nanoTime() + timeoutNanos;
        received = 0;
        encode(method, path, headers, body);
        if (expired) {
            // the sweeper closed the socket just as the last exchange completed
            disconnect();
            expired = false;
        }
        boolean reused = socket != null;
        if (reused && !reusable()) {
            disconnect();
            reused = false;
        }
        if (!reused) {
            connect();
        }
        long deadline = deadlineNanos;
        armed.set(deadline == IDLE || deadline == EXPIRED ? deadline + 2 : deadline);
        try {
            output.write(out, 0, outLength);
            Answer answer = readAnswer("HEAD".equals(method));
            if (armed.getAndSet(IDLE) == EXPIRED) {
                expired = true; // answered just in time; the socket is closed behind it
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            boolean timedOut = armed.getAndSet(IDLE) == EXPIRED;
            disconnect();
            if (timedOut) {
                throw timedOut();
            }
            boolean broken = e instanceof StaleConnection || e instanceof java.net.SocketException;
            if (broken && reused && received == 0 && !closed) {
                throw new StaleConnection(e);
            }
            if (e instanceof StaleConnection) {
                throw new EOFException("connection closed by the server before the answer started");
            }
            throw e;
        }
    }

    private static SocketTimeoutException timedOut() {
        return new SocketTimeoutException("no complete answer within the request timeout");
    }

    /**
     * Called by {@link DeadlineSweeper}: when an exchange is in flight past its deadline, closes its socket (the blocked
     * read or write fails and the exchange throws a timeout). The socket itself is closed, not a TLS layer over it, so
     * no TLS close message is written from this thread.
     */
    void expireIfPast(long nowNanos) {
        long deadline = armed.get();
        if (deadline == IDLE || deadline == EXPIRED || nowNanos - deadline < 0) {
            return;
        }
        Closeable s = raw; // read before the handover: a later exchange's socket is never closed here
        if (armed.compareAndSet(deadline, EXPIRED) && s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the exchange fails either way
            }
        }
    }

    /**
     * Whether the kept-alive connection can carry the next request: nothing left unread of the last answer, and (plain
     * HTTP) nothing arrived on it since. A TLS connection cannot be checked without consuming TLS records, so it is
     * assumed open.
     */
    private boolean reusable() {
        if (pos < limit) {
            return false; // bytes nobody asked for: the connection is out of step
        }
        return !(socket instanceof LoopedConnection plain) || plain.intact();
    }

    private void connect() throws IOException {
        if (closed) {
            throw new RequestNotSent("its connection was closed before it was written");
        }
        // plain: a channel, watched by the readiness loop once connected; TLS keeps the classic socket under the
        // SSLSocket
        SocketChannel ch = tls == null ? SocketChannel.open() : null;
        Socket s = ch != null ? ch.socket() : new Socket();
        s.setTcpNoDelay(true);
        long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        try {
            s.connect(address, (int) Math.min(connectTimeoutMillis, remainingMillis));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        Closeable plain = s;
        LoopedConnection watched = null;
        if (tls == null) {
            try {
                watched = new LoopedConnection(ch, ReadinessLoop.shared());
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            plain = watched;
        } else {
            // TLS over the connected socket; the handshake is bounded by the request's deadline like any read
            SSLSocket secure = (SSLSocket) tls.createSocket(s, tlsHost, address.getPort(), true);
            if (verifyHostname) {
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
            }
            secure.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remainingMillis)));
            try {
                secure.startHandshake();
            } catch (IOException e) {
                secure.close();
                throw e;
            }
            secure.setSoTimeout(0); // from here on the sweeper bounds every exchange
            s = secure;
        }
        raw = plain;
        DeadlineSweeper.watch(this);
        if (watched != null) {
            socket = watched;
            input = watched.input();
            output = watched.output();
        } else {
            socket = s;
            input = s.getInputStream();
            output = s.getOutputStream();
        }
        pos = 0;
        limit = 0;
        if (closed) {
            disconnect();
            throw new RequestNotSent("its connection was closed before it was written");
        }
    }

    /** What {@link #out} holds, when it is a request without a body: sent again as it is when the next one repeats it. */
    private String encodedMethod;

    private String encodedPath;
    private String[] encodedHeaders = new String[0];

    private void encode(String method, String path, List<String> headers, byte[] body) {
        if (body == null && repeats(method, path, headers)) {
            return;
        }
        encodedMethod = null;
        outLength = 0;
        append(method);
        append(" ");
        append(path);
        append(" HTTP/1.1\r\n");
        append(hostHeader);
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            append(headers.get(i));
            append(": ");
            append(headers.get(i + 1));
            append(CRLF);
        }
        if (body != null) {
            append("Content-Length: ");
            append(Integer.toString(body.length));
            append(CRLF);
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            append("Content-Length: 0\r\n");
        }
        append(CRLF);
        if (body != null) {
            append(body);
        } else {
            encodedMethod = method;
            encodedPath = path;
            encodedHeaders = headers.toArray(encodedHeaders.length == headers.size() ? encodedHeaders : new String[0]);
        }
    }

    private boolean repeats(String method, String path, List<String> headers) {
        if (!method.equals(encodedMethod) || !path.equals(encodedPath) || headers.size() != encodedHeaders.length) {
            return false;
        }
        for (int i = 0; i < encodedHeaders.length; i++) {
            if (!headers.get(i).equals(encodedHeaders[i])) {
                return false;
            }
        }
        return true;
    }

    private Answer readAnswer(boolean head) throws IOException {
        // the status line, read into the header buffer and parsed from its bytes (no String on the hot path)
        headLength = 0;
        readHeaderLine(true);
        int status = statusOf(lines, headLength);
        if (status < 0) {
            throw new IOException("not an HTTP/1.x status line: ["
                    + abbreviate(new String(lines, 0, headLength, StandardCharsets.ISO_8859_1)) + "]");
        }
        boolean http10 = lines[7] == '0';
        // the header lines as bytes: the engine reads the three it needs from them, users' reads parse the rest
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        boolean keepAliveAsked = false;
        headLength = 0;
        int start;
        while ((start = readHeaderLine(false)) < headLength) {
            int end = headLength;
            int colon = indexOf(lines, start, end, (byte) ':');
            if (colon > start) {
                int valueStart = skipSpaces(lines, colon + 1, end);
                int valueEnd = trimEnd(lines, valueStart, end);
                int nameStart = skipSpaces(lines, start, colon);
                int nameEnd = trimEnd(lines, nameStart, colon);
                if (named(CONTENT_LENGTH, nameStart, nameEnd)) {
                    contentLength = parseLength(valueStart, valueEnd);
                } else if (named(TRANSFER_ENCODING, nameStart, nameEnd)) {
                    chunked = containsIgnoreCase(lines, valueStart, valueEnd, CHUNKED);
                } else if (named(CONNECTION, nameStart, nameEnd)) {
                    close = equalsIgnoreCase(lines, valueStart, valueEnd, CLOSE);
                    keepAliveAsked = equalsIgnoreCase(lines, valueStart, valueEnd, KEEP_ALIVE);
                }
            }
            lines[headLength++] = '\n';
        }
        Map<String, String> headers = new HeaderBlock(Arrays.copyOf(lines, Math.max(0, headLength - 1)));
        byte[] body;
        boolean keepAlive = http10 ? keepAliveAsked : !close;
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readExactly((int) contentLength);
        } else {
            body = readToEnd();
            keepAlive = false;
        }
        if (!keepAlive) {
            disconnect();
        }
        return new Answer(status, headers, body);
    }

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    /** The header lines of the answer being read, each followed by {@code \n} once examined. */
    private byte[] lines = new byte[1024];

    private int headLength;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HTTP_1 = ascii("HTTP/1.");

    /**
     * The status code of the status line in {@code line[0, length)} ({@code HTTP/1.x NNN ...}), or -1 when it is not
     * one.
     */
    static int statusOf(byte[] line, int length) {
        if (length < 12 || !Arrays.equals(line, 0, HTTP_1.length, HTTP_1, 0, HTTP_1.length) || line[8] != ' ') {
            return -1;
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            status = status * 10 + digit;
        }
        return status;
    }

    /**
     * Appends the next header line (without its CR LF) to {@link #lines} and returns where it starts; the empty line that
     * ends the headers returns {@link #headLength} unchanged. {@code statusLine}: the first line of an answer, where a
     * connection closed before any byte is a {@link StaleConnection}.
     */
    private int readHeaderLine(boolean statusLine) throws IOException {
        int start = headLength;
        while (true) {
            if (pos == limit && !fill()) {
                if (statusLine && headLength == start) {
                    throw new StaleConnection(null);
                }
                throw new EOFException("connection closed in the middle of the answer");
            }
            int from = pos;
            while (pos < limit && in[pos] != '\n') {
                pos++;
            }
            boolean complete = pos < limit;
            int n = pos - from;
            if (headLength + n + 1 > lines.length) {
                if (headLength + n - start > 64 * 1024) {
                    throw new IOException("header line longer than 64 KiB");
                }
                if (headLength + n + 1 > MAX_HEAD) {
                    throw new IOException("answer headers longer than " + MAX_HEAD / 1024 + " KiB");
                }
                lines = Arrays.copyOf(lines, Math.max(lines.length * 2, headLength + n + 1));
            }
            System.arraycopy(in, from, lines, headLength, n);
            headLength += n;
            if (complete) {
                pos++; // the LF
                if (headLength > start && lines[headLength - 1] == '\r') {
                    headLength--;
                }
                return start;
            }
        }
    }

    private static final int MAX_HEAD = 1024 * 1024;

    private boolean named(byte[] lowerName, int from, int to) {
        return equalsIgnoreCase(lines, from, to, lowerName);
    }

    private long parseLength(int from, int to) throws IOException {
        if (from == to || to - from > 18) {
            throw new IOException(
                    "not a Content-Length: [" + new String(lines, from, to - from, StandardCharsets.ISO_8859_1) + "]");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = lines[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IOException("not a Content-Length: ["
                        + new String(lines, from, to - from, StandardCharsets.ISO_8859_1) + "]");
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (lower(b[from + i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(byte[] b, int from, int to, byte[] lower) {
        for (int i = from; i + lower.length <= to; i++) {
            if (equalsIgnoreCase(b, i, i + lower.length, lower)) {
                return true;
            }
        }
        return false;
    }

    private byte[] readChunked() throws IOException {
        // one growing buffer, doubled when full: linear in the body size however many chunks it comes in
        byte[] result = new byte[Math.max(256, limit - pos)];
        int length = 0;
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size line: [" + abbreviate(sizeLine) + "]");
            }
            if (size < 0) {
                throw new IOException("negative chunk size: [" + abbreviate(sizeLine) + "]");
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are ignored
                }
                return length == result.length ? result : Arrays.copyOf(result, length);
            }
            if (length + size > result.length || length + size < 0) {
                long wanted = Math.max((long) result.length * 2, (long) length + size);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new IOException("chunked body larger than 2 GiB");
                }
                result = Arrays.copyOf(result, (int) wanted);
            }
            readExactly(result, length, size);
            length += size;
            readLine();
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] result = new byte[length];
        readExactly(result, 0, length);
        return result;
    }

    private void readExactly(byte[] into, int offset, int length) throws IOException {
        int copied = 0;
        while (copied < length) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed after " + copied + " of " + length + " body bytes");
            }
            int n = Math.min(length - copied, limit - pos);
            System.arraycopy(in, pos, into, offset + copied, n);
            pos += n;
            copied += n;
        }
    }

    private byte[] readToEnd() throws IOException {
        java.io.ByteArrayOutputStream collected = new java.io.ByteArrayOutputStream();
        while (pos < limit || fill()) {
            collected.write(in, pos, limit - pos);
            pos = limit;
        }
        return collected.toByteArray();
    }

    /** A line of a chunked body's framing (size line, trailer), without its CR LF. */
    private String readLine() throws IOException {
        StringBuilder sb = null;
        while (true) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed in the middle of the answer");
            }
            int start = pos;
            while (pos < limit && in[pos] != '\n') {
                pos++;
            }
            if (pos < limit) {
                int end = pos > start && in[pos - 1] == '\r' ? pos - 1 : pos;
                pos++;
                String part = new String(in, start, end - start, StandardCharsets.ISO_8859_1);
                if (sb == null) {
                    return part;
                }
                sb.append(part);
                int last = sb.length() - 1;
                if (last >= 0 && sb.charAt(last) == '\r') {
                    sb.setLength(last);
                }
                return sb.toString();
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
            if (sb.length() > 64 * 1024) {
                throw new IOException("header line longer than 64 KiB");
            }
        }
    }

    private boolean fill() throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut();
        }
        int n = input.read(in, 0, in.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        received += n;
        return true;
    }

    private void append(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out[outLength++] = (byte) s.charAt(i);
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, outLength, bytes.length);
        outLength += bytes.length;
    }

    private void ensure(int more) {
        if (outLength + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more));
        }
    }

    private void disconnect() {
        Closeable s = socket;
        socket = null;
        raw = null;
        DeadlineSweeper.forget(this);
        pos = 0;
        limit = 0;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken socket has nothing to report
            }
        }
    }

    /** Closes the kept-alive connection of an idle client: its next exchange opens a new one. */
    void disconnectIdle() {
        disconnect();
    }

    /** Whether the kept-alive connection would carry the next request as it stands now (a racy read, for tests). */
    boolean reusableNow() {
        return socket != null && reusable();
    }

    /** Whether a socket is open under this client now (a racy read, for reporting). */
    boolean connected() {
        return socket != null;
    }

    @Override
    public void close() {
        closed = true;
        DeadlineSweeper.forget(this);
        Closeable s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the socket is gone either way
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * A reused connection failed before any byte of the answer arrived: the server closed it (while idle, or after
     * reading the request) or reset it. Whether the server read the request is unknown, so only an idempotent request
     * may be sent again, and then as a request of its own.
     */
    static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) {
            super(
                    "kept-alive connection closed by the server before the answer started"
                            + (cause == null ? "" : " (" + cause.getMessage() + ")"),
                    cause);
        }
    }
}
