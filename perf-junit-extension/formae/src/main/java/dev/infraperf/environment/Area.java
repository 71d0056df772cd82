package dev.infraperf.environment;

/** One Pkl module of the generated project, in the order {@code main.pkl} lists them. */
enum Area {
    NETWORKING("networking"),
    SECURITY_GROUPS("security_groups"),
    COMPUTE("compute"),
    IAM("iam"),
    KMS("kms"),
    STORAGE("storage"),
    OBSERVABILITY("observability"),
    SECRETS("secrets"),
    APPLICATION("application"),
    ROUTE53("route53"),
    API_GATEWAY("api_gateway"),
    RDS("rds");

    private final String moduleName;

    Area(String moduleName) {
        this.moduleName = moduleName;
    }

    /** The module's file name without {@code .pkl}, also its import name in other modules. */
    String moduleName() {
        return moduleName;
    }

    String fileName() {
        return moduleName + ".pkl";
    }
}
