package dev.infraperf.mock.formae.cloud;

/** A request the cloud refuses outright: answered with {@code httpStatus} and {@code {"error": code}}. */
final class CloudRejection extends RuntimeException {

    final int httpStatus;
    final String code;

    CloudRejection(int httpStatus, String code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static CloudRejection invalid(String message) {
        return new CloudRejection(400, "InvalidRequest", message);
    }

    static CloudRejection notFound(String message) {
        return new CloudRejection(404, "NotFound", message);
    }
}
