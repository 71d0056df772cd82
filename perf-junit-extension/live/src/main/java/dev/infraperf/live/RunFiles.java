package dev.infraperf.live;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run directories the page links to, served read-only under {@code /runs/<run id>/}. Only directories that a
 * reported phase named are served, and only regular files inside them: a path that leaves its directory (by {@code
 * ..}, an absolute path or a symbolic link) is not found.
 */
final class RunFiles {

    static final String PREFIX = "/runs/";

    private final Map<String, Path> directories = new ConcurrentHashMap<>();

    /** Makes the directory of {@code summaryHtml} servable; returns the link to the summary. */
    Optional<String> register(Path summaryHtml) {
        try {
            Path file = summaryHtml.toRealPath();
            Path dir = file.getParent();
            String base = dir.getFileName().toString();
            String id = base;
            for (int n = 2; ; n++) {
                Path existing = directories.putIfAbsent(id, dir);
                if (existing == null || existing.equals(dir)) {
                    break;
                }
                id = base + "-" + n;
            }
            return Optional.of(
                    PREFIX + encode(id) + "/" + encode(file.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file a request path under {@link #PREFIX} names, or empty when it is not one of ours. */
    Optional<Path> resolve(String requestPath) {
        if (!requestPath.startsWith(PREFIX) || requestPath.indexOf('\0') >= 0 || requestPath.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        String rest = requestPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        Path dir = directories.get(rest.substring(0, slash));
        if (dir == null) {
            return Optional.empty();
        }
        try {
            Path relative = Path.of(rest.substring(slash + 1));
            if (relative.isAbsolute()) {
                return Optional.empty();
            }
            Path file = dir.resolve(relative).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Path real = file.toRealPath();
            return real.startsWith(dir) ? Optional.of(real) : Optional.empty();
        } catch (InvalidPathException | IOException e) {
            return Optional.empty();
        }
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "json" -> "application/json";
            case "png" -> "image/png";
            case "svg" -> "image/svg+xml";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            default -> "text/plain; charset=utf-8";
        };
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
