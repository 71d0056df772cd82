package dev.infraperf.mock.formae;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The query strings of the status, cancel and resource endpoints: space-separated {@code field:value}
 * terms, all of which must match. Values may be quoted; {@code \:} escapes a colon (as in
 * {@code type:AWS\:\:S3\:\:Bucket}); {@code client:me} is the calling client.
 */
final class Queries {

    /** A SQL condition and its parameters. */
    record Filter(String where, List<Object> params) {}

    static final Set<String> COMMAND_FIELDS = Set.of("id", "client", "command", "status", "stack", "managed");
    static final Set<String> RESOURCE_FIELDS = Set.of("stack", "type", "label", "managed", "target", "native_id");

    private Queries() {}

    record Term(String field, String value) {}

    static List<Term> terms(String query, String subject, Set<String> fields) {
        List<Term> terms = new ArrayList<>();
        if (query == null) {
            return terms;
        }
        for (String token : tokens(query.trim())) {
            int colon = indexOfUnescapedColon(token);
            if (colon <= 0) {
                throw ApiException.invalidQuery(
                        "query term [" + token + "] has no field; use field:value with a field of " + fields);
            }
            String field = token.substring(0, colon).toLowerCase(Locale.ROOT);
            if (field.startsWith("+")) {
                field = field.substring(1);
            }
            String value = unquote(token.substring(colon + 1)).replace("\\:", ":");
            if (!fields.contains(field)) {
                throw ApiException.invalidQuery("unknown field for " + subject + ": '" + field + "'");
            }
            terms.add(new Term(field, value));
        }
        return terms;
    }

    /** Command filter; without {@code command:} sync commands are left out, as in Formae. */
    static Filter commands(String query, String clientId) {
        List<Term> terms = terms(query, "StatusQuery", COMMAND_FIELDS);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        boolean commandGiven = false;
        for (Term term : terms) {
            switch (term.field()) {
                case "id" -> {
                    where.add("command_id = ?");
                    params.add(term.value());
                }
                case "client" -> {
                    where.add("client_id = ?");
                    params.add(term.value().equalsIgnoreCase("me") ? clientId : term.value());
                }
                case "command" -> {
                    commandGiven = true;
                    where.add("LOWER(command) = LOWER(?)");
                    params.add(term.value());
                }
                case "status" -> {
                    where.add("LOWER(state) = LOWER(?)");
                    params.add(term.value());
                }
                case "stack" -> {
                    // A stack is matched whole: % and _ in a label are characters, not LIKE wildcards.
                    where.add("stacks LIKE ? ESCAPE '\\'");
                    params.add("%," + escapeLike(term.value()) + ",%");
                }
                default -> {
                    // managed: commands are always of managed resources here
                }
            }
        }
        if (!commandGiven) {
            where.add("command != 'sync'");
        }
        return new Filter(String.join(" AND ", where), params);
    }

    static Filter resources(String query) {
        List<Term> terms = terms(query, "ResourceQuery", RESOURCE_FIELDS);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Term term : terms) {
            switch (term.field()) {
                case "managed" -> {
                    String value = term.value().toLowerCase(Locale.ROOT);
                    if (!value.equals("true") && !value.equals("false")) {
                        throw ApiException.invalidQuery(
                                "managed:[" + term.value() + "] is not a boolean; use managed:true or managed:false");
                    }
                    where.add("managed = ?");
                    params.add(value.equals("true") ? 1 : 0);
                }
                case "native_id" -> {
                    where.add("native_id = ?");
                    params.add(term.value());
                }
                default -> {
                    where.add(term.field() + " = ?");
                    params.add(term.value());
                }
            }
        }
        return new Filter(String.join(" AND ", where), params);
    }

    static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static List<String> tokens(String query) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static int indexOfUnescapedColon(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '\\') {
                i++;
            } else if (token.charAt(i) == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
