package dev.infraperf.spi;

import java.net.URI;

/** A target started by a {@link TargetProvider}; closing it stops it. */
public interface ProvidedTarget extends AutoCloseable {

    /** The base URI requests go to, e.g. {@code http://127.0.0.1:41234}. */
    URI uri();

    /** One line for the report: what was started, where, and with which settings. */
    String description();

    @Override
    void close();
}
