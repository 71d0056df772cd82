package dev.infraperf.mock.formae;

/** How Formae identifies a resource within the agent: stack, type and label. */
record ResourceKey(String stack, String type, String label) {

    @Override
    public String toString() {
        return stack + "/" + type + "/" + label;
    }

    /** The namespace of the type ({@code AWS} for {@code AWS::S3::Bucket}), the rate limiter's key. */
    String namespace() {
        int end = type.indexOf("::");
        return end < 0 ? type : type.substring(0, end);
    }
}
