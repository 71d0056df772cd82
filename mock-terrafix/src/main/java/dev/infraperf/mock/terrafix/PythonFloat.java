package dev.infraperf.mock.terrafix;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads a string as Python's {@code float()} does, because the original's {@code /configure} calls {@code
 * float(value)}: surrounding whitespace, an optional sign, decimal digits with single underscores between them
 * ({@code "1_0"}), an optional fraction and exponent, {@code inf}/{@code infinity}/{@code nan} in any case. Unlike
 * {@link Double#parseDouble} it refuses Java's suffixes and hexadecimal forms ({@code "10d"}, {@code "1f"}, {@code
 * "0x1p3"}).
 */
final class PythonFloat {

    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.?)(?:[eE][+-]?" + DIGITS + ")?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:inf|infinity|nan)");

    private PythonFloat() {}

    /** The value, or empty when {@code float(text)} would raise {@code ValueError}. */
    static OptionalDouble parse(String text) {
        String stripped = asciiDigits(strip(text));
        if (SPECIAL.matcher(stripped.toLowerCase(Locale.ROOT)).matches()) {
            String lower = stripped.toLowerCase(Locale.ROOT);
            if (lower.endsWith("nan")) {
                return OptionalDouble.of(Double.NaN);
            }
            return OptionalDouble.of(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (!DECIMAL.matcher(stripped).matches()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(stripped.replace("_", "")));
    }

    /** Python's {@code str.strip()}: Unicode whitespace at both ends. */
    private static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** Python accepts every Unicode decimal digit (category Nd), e.g. Arabic-Indic digits; map them to ASCII. */
    private static String asciiDigits(String text) {
        StringBuilder ascii = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7f && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                if (ascii == null) {
                    ascii = new StringBuilder(text);
                }
                ascii.setCharAt(i, (char) ('0' + Character.digit(c, 10)));
            }
        }
        return ascii == null ? text : ascii.toString();
    }
}
