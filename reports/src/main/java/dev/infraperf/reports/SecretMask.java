package dev.infraperf.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks anything that looks like a credential before it reaches a report: AWS access key ids
 * ({@code AKIA...}, {@code ASIA...}), values of keys named like a password, secret, token or key
 * ({@code password=...}, {@code "aws_secret_access_key": "..."}), bearer tokens, well-known token
 * formats (GitHub, Slack) and passwords in URLs ({@code redis://user:pw@host}).
 *
 * <p>Every renderer and every Allure attachment goes through this class. Masking is deliberately
 * eager: a masked harmless value costs less than a leaked key.
 */
public final class SecretMask {
    /** What a masked value is replaced with. */
    public static final String MASK = "****";

    private static final String SECRET_NAME =
            "(?:password|passwd|pwd|secret|token|credentials?|api[_.-]?key|access[_.-]?key(?:[_.-]?id)?"
                    + "|secret[_.-]?key|private[_.-]?key|session[_.-]?key|auth(?:orization)?)";

    /** Keys (config keys, JSON field names) whose values are always masked. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*" + SECRET_NAME + ".*");

    private static final List<Pattern> VALUE_PATTERNS = List.of(
            // AWS access key ids (long-term AKIA, temporary ASIA, and other documented prefixes).
            Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{12,}\\b"),
            // GitHub and Slack tokens.
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}\\b"),
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}\\b"),
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}\\b"));

    /** {@code Bearer <token>} / {@code Basic <token>} in headers or logs. */
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)([A-Za-z0-9._~+/=-]{8,})");

    /** {@code name=value}, {@code name: value}, {@code "name": "value"}, with a secret-like name. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)([A-Za-z0-9_.-]*" + SECRET_NAME + "[A-Za-z0-9_.-]*)(\"?\\s*[=:]\\s*\"?)([^\\s\"',;&}]+)");

    /**
     * The user info of {@code scheme://user:password@host} (or {@code scheme://token@host}): everything
     * between {@code ://} and the last {@code @} that a host follows, so a password may hold {@code /},
     * {@code @} and {@code :}; the URL need not parse.
     */
    private static final Pattern URL_USER_INFO = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*://)([^\\s\"'<>]*?)@(?=[A-Za-z0-9._~%\\[\\]:-]+(?:[/?#\\s\"'<>,;)]|$))");

    private SecretMask() {}

    /** {@code text} with every secret-looking part replaced by {@link #MASK}; {@code null} stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Pattern p : VALUE_PATTERNS) {
            out = p.matcher(out).replaceAll(MASK);
        }
        out = AUTH_SCHEME.matcher(out).replaceAll("$1$2" + MASK);
        out = replaceValue(ASSIGNMENT, out);
        return maskUserInfo(out);
    }

    private static String maskUserInfo(String text) {
        Matcher m = URL_USER_INFO.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String info = m.group(2);
            int colon = info.indexOf(':');
            // keep a plain user name before the password; a token without one is masked whole
            String user = colon > 0 && info.substring(0, colon).matches("[A-Za-z0-9._~%!$&'()*+,;=-]+")
                    ? info.substring(0, colon + 1)
                    : "";
            String masked = user.isEmpty() && info.equals(MASK) || info.equals(user + MASK) ? info : user + MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + masked + "@"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The value of {@code key}, masked entirely when the key names a secret, else {@link #mask(String)}. */
    public static String maskEntry(String key, String value) {
        if (key != null && SECRET_KEY.matcher(key).matches() && value != null && !value.isEmpty()) {
            return MASK;
        }
        return mask(value);
    }

    /** Whether {@code text} still contains something {@link #mask(String)} would change. */
    public static boolean looksSecret(String text) {
        return text != null && !text.equals(mask(text));
    }

    /** Masks every text value of a JSON tree in place (by field name and by content); returns it. */
    public static JsonNode maskTree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    object.set(field.getKey(), TextNode.valueOf(maskEntry(field.getKey(), value.asText())));
                } else {
                    maskTree(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(mask(value.asText())));
                } else {
                    maskTree(value);
                }
            }
        }
        return node;
    }

    private static String replaceValue(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(3).equals(MASK) ? m.group() : m.group(1) + m.group(2) + MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
