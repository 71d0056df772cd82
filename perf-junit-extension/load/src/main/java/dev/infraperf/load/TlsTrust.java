package dev.infraperf.load;

import dev.infraperf.config.ConfigurationException;
import dev.infraperf.config.PerfConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificates an {@code https} target may present: the JVM's default trust, a named trust store, or (test
 * certificates only) any. Built once per target; the {@link SSLContext} is shared by every user's connection.
 */
final class TlsTrust {

    private static final TlsTrust DEFAULT = new TlsTrust(null, "", true);

    private final SSLContext context;
    private final String description;
    private final boolean verifyHostname;

    private TlsTrust(SSLContext context, String description, boolean verifyHostname) {
        this.context = context;
        this.description = description;
        this.verifyHostname = verifyHostname;
    }

    /** Whether the certificate must name the target's host; not when any certificate is accepted. */
    boolean verifiesHostname() {
        return verifyHostname;
    }

    static TlsTrust defaults() {
        return DEFAULT;
    }

    static TlsTrust from(PerfConfig config, String annotationTrustStore) {
        if (config.getBoolean(LoadTarget.TRUST_ALL_KEY, false)) {
            return new TlsTrust(
                    trustAll(), ", TLS: any certificate accepted (" + LoadTarget.TRUST_ALL_KEY + ")", false);
        }
        String store = config.get(LoadTarget.TRUST_STORE_KEY).orElse(annotationTrustStore);
        if (store.isBlank()) {
            return DEFAULT;
        }
        char[] password = config.get(LoadTarget.TRUST_STORE_PASSWORD_KEY)
                .map(String::toCharArray)
                .orElse(null);
        return new TlsTrust(fromStore(Path.of(store), password), ", TLS: trust store " + store, true);
    }

    /** The context for {@code https} connections; the JVM default when none was configured. */
    SSLContext context() {
        if (context != null) {
            return context;
        }
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default TLS context: " + e.getMessage(), e);
        }
    }

    /** A suffix for the resolution line; empty for the default trust. */
    String describe() {
        return description;
    }

    private static SSLContext fromStore(Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(LoadTarget.TRUST_STORE_KEY + " [" + file
                    + "] is not a file; name a PKCS12 or JKS trust store holding the target's certificate");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            keyStore.load(in, password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException(LoadTarget.TRUST_STORE_KEY + " [" + file
                    + "] could not be read as a PKCS12 or JKS trust store (" + e.getMessage()
                    + "); check the file and " + LoadTarget.TRUST_STORE_PASSWORD_KEY);
        }
    }

    private static SSLContext trustAll() {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {any}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is unavailable in this JVM: " + e.getMessage(), e);
        }
    }
}
