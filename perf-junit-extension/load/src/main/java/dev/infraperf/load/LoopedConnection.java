package dev.infraperf.load;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * A connected plain-HTTP socket whose reads and writes block the calling (virtual) thread while {@link ReadinessLoop}
 * watches the socket: a reader registers the array it wants filled and parks, and the loop reads into it when the
 * socket becomes readable. A connection that becomes readable while nobody reads (the server closed it, reset it or
 * sent bytes nobody asked for) stops being watched until the next read, and {@link #intact} turns false: that is the
 * liveness check before a kept-alive connection is reused, without a read of its own. Internal.
 */
final class LoopedConnection implements Closeable {

    private static final int NOTHING = Integer.MIN_VALUE;

    private final SocketChannel channel;
    private final ReadinessLoop loop;
    private final SelectionKey key;
    /** Guards the fields below it; held by the loop while it reads for a reader. */
    private final Object lock = new Object();

    private Thread reader;
    private ByteBuffer into;
    /** What the loop read for the reader: a byte count, -1 for the end of the stream, {@link #NOTHING} yet. */
    private int got = NOTHING;

    private IOException failure;
    /** Readable while nobody read: not watched for reading until the next read. */
    private boolean unread;

    private Thread writer;
    private boolean writable;
    private volatile boolean closed;

    private final ArrayView inView = new ArrayView();
    private final ArrayView outView = new ArrayView();

    LoopedConnection(SocketChannel channel, ReadinessLoop loop) throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.key = loop.register(channel, this);
    }

    /** {@link #read} as a stream. */
    InputStream input() {
        return new InputStream() {
            @Override
            public int read(byte[] b, int offset, int length) throws IOException {
                return LoopedConnection.this.read(b, offset, length);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
        };
    }

    /** {@link #write} as a stream. */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(byte[] b, int offset, int length) throws IOException {
                LoopedConnection.this.write(b, offset, length);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }

    /** Reads at least one byte into {@code b}, blocking the caller until some arrive; -1 at the end of the stream. */
    int read(byte[] b, int offset, int length) throws IOException {
        boolean direct;
        synchronized (lock) {
            check();
            direct = unread;
            if (!direct) {
                into = inView.of(b, offset, length);
                got = NOTHING;
                reader = Thread.currentThread();
            }
        }
        if (direct) {
            // the loop saw the socket readable while nobody read: read now, and watch it again
            int n = channel.read(inView.of(b, offset, length));
            synchronized (lock) {
                unread = false;
                watch();
            }
            loop.wakeup();
            if (n != 0) {
                return n;
            }
            return read(b, offset, length);
        }
        while (true) {
            LockSupport.park(this);
            boolean interrupted = Thread.currentThread().isInterrupted();
            synchronized (lock) {
                if (got != NOTHING) {
                    return got;
                }
                if (interrupted || failure != null || closed) {
                    reader = null;
                    if (!interrupted) {
                        check();
                    }
                }
            }
            interrupted();
        }
    }

    /** Writes all of {@code b}, blocking the caller while the socket's send buffer is full. */
    void write(byte[] b, int offset, int length) throws IOException {
        ByteBuffer buffer = outView.of(b, offset, length);
        while (buffer.hasRemaining()) {
            if (closed) {
                throw new SocketException("Socket closed");
            }
            if (channel.write(buffer) == 0) {
                awaitWritable();
            }
        }
    }

    /**
     * Whether the connection can carry another request as far as this side knows: open, and nothing (no byte, no
     * end of stream, no reset) arrived since the last answer was read.
     */
    boolean intact() {
        synchronized (lock) {
            return !closed && !unread && failure == null;
        }
    }

    /** Called by the loop when the socket is readable or writable. */
    void ready(SelectionKey selected) {
        int ops;
        try {
            ops = selected.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        Thread wake = null;
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            synchronized (lock) {
                writable = true;
                wake = writer;
                writer = null;
                watch();
            }
            LockSupport.unpark(wake);
            wake = null;
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            synchronized (lock) {
                if (reader == null) {
                    unread = true;
                    watch();
                    return;
                }
                int n;
                try {
                    n = channel.read(into);
                } catch (IOException e) {
                    failure = e;
                    n = NOTHING;
                }
                if (n == 0) {
                    return; // nothing after all: keep waiting
                }
                got = n;
                wake = reader;
                reader = null;
                into = null;
            }
            LockSupport.unpark(wake);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread r;
        Thread w;
        synchronized (lock) {
            r = reader;
            w = writer;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed either way
        }
        loop.wakeup(); // the selector finishes the close of a registered channel on its next poll
        LockSupport.unpark(r);
        LockSupport.unpark(w);
    }

    private void awaitWritable() throws IOException {
        synchronized (lock) {
            writable = false;
            writer = Thread.currentThread();
            watch();
        }
        loop.wakeup();
        while (true) {
            synchronized (lock) {
                if (writable) {
                    return;
                }
                if (closed || failure != null) {
                    writer = null;
                    check();
                }
            }
            LockSupport.park(this);
            interrupted();
        }
    }

    /**
     * Like an interruptible channel: an interrupted thread's blocked read or write closes the connection and throws
     * {@link ClosedByInterruptException}, the interrupt status kept.
     */
    private void interrupted() throws ClosedByInterruptException {
        if (Thread.currentThread().isInterrupted()) {
            close();
            throw new ClosedByInterruptException();
        }
    }

    /** Sets the interest of the key from the state; the lock is held. */
    private void watch() {
        int interest = (unread ? 0 : SelectionKey.OP_READ) | (writer != null ? SelectionKey.OP_WRITE : 0);
        try {
            key.interestOps(interest);
        } catch (CancelledKeyException e) {
            // closed: the waiting thread is woken by close
        }
    }

    /** Throws what ended the connection, if anything did; the lock is held. */
    private void check() throws IOException {
        if (failure != null) {
            IOException e = failure;
            failure = null;
            closed = true;
            throw e;
        }
        if (closed) {
            throw new SocketException("Socket closed");
        }
    }

    /** A buffer over the caller's array, wrapped again only when the array changes (they rarely do). */
    private static final class ArrayView {
        private byte[] array;
        private ByteBuffer buffer;

        ByteBuffer of(byte[] b, int offset, int length) {
            if (array != b) {
                array = b;
                buffer = ByteBuffer.wrap(b);
            }
            return buffer.limit(offset + length).position(offset);
        }
    }
}
