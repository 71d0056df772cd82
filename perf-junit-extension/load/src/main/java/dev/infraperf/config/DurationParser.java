package dev.infraperf.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The one duration grammar of infra-perf, used by every annotation attribute and {@code perf.*}
 * setting that takes a duration.
 *
 * <p>Accepted: a non-negative number with a unit, {@code ms}, {@code s}, {@code m} or {@code h}
 * ({@code 250ms}, {@code 30s}, {@code 1.5s}, {@code 5m}, {@code 1h}); or ISO-8601 as read by
 * {@link Duration#parse(CharSequence)} ({@code PT5M}, {@code PT1H30M}). Surrounding white space is
 * ignored; units are case-insensitive.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class DurationParser {

    /** The grammar, as quoted in error messages. */
    public static final String GRAMMAR = "<number>(ms|s|m|h) or ISO-8601 like PT5M";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private DurationParser() {}

    /**
     * Parses {@code text}.
     *
     * @param text the value found
     * @param subject where it was found, named in the error, e.g. {@code @LoadPhase(name="high").duration}
     *     or {@code perf.sync.interval}
     * @throws ConfigurationException naming the value, the subject and the accepted grammar
     */
    public static Duration parse(String text, String subject) {
        if (text == null || text.isBlank()) {
            throw invalid(text, subject);
        }
        String trimmed = text.strip();
        Matcher simple = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            return ofUnit(new BigDecimal(simple.group(1)), simple.group(2));
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration iso = Duration.parse(trimmed);
                if (!iso.isNegative()) {
                    return iso;
                }
            } catch (DateTimeParseException e) {
                throw invalid(text, subject);
            }
        }
        throw invalid(text, subject);
    }

    /** Renders a duration in this grammar, the shortest exact form: {@code 250ms}, {@code 30s}, {@code 5m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static Duration ofUnit(BigDecimal amount, String unit) {
        BigDecimal nanosPerUnit =
                switch (unit) {
                    case "ms" -> BigDecimal.valueOf(1_000_000L);
                    case "s" -> BigDecimal.valueOf(1_000_000_000L);
                    case "m" -> BigDecimal.valueOf(60_000_000_000L);
                    default -> BigDecimal.valueOf(3_600_000_000_000L);
                };
        return Duration.ofNanos(amount.multiply(nanosPerUnit).longValue());
    }

    private static ConfigurationException invalid(String text, String subject) {
        return new ConfigurationException("[" + text + "] is not a duration for " + subject + "; use " + GRAMMAR);
    }
}
