package dev.infraperf.config;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Misconfiguration of infra-perf: a bad annotation attribute or {@code perf.*} setting. The message
 * always names what was wrong, the value found and what is accepted.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ConfigurationException extends ExtensionConfigurationException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
