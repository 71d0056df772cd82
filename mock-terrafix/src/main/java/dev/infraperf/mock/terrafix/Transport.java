package dev.infraperf.mock.terrafix;

import java.util.Locale;

/** A listening HTTP server carrying {@link TerraFixApi}; see {@link #start} for the choice between the two. */
interface Transport {

    int port();

    void stop();

    /** Which HTTP server to use; {@code helidon} unless the system property {@code mock.terrafix.server} says jdk. */
    static Transport start(String host, int port, TerraFixApi api) {
        String choice = System.getProperty("mock.terrafix.server", "helidon").toLowerCase(Locale.ROOT);
        if (choice.equals("jdk")) {
            return JdkHttpTransport.start(host, port, api);
        }
        return HelidonTransport.start(host, port, api);
    }
}
