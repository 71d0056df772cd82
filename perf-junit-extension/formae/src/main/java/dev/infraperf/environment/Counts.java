package dev.infraperf.environment;

/**
 * Resource counts of the original generator's formulas ({@code int()} truncation), applied to the
 * calibrated count {@code n}, plus the networking the original counted but never wrote (NAT
 * gateways, their Elastic IPs and private routes: one per VPC, so at most five).
 */
record Counts(
        int n,
        int vpcs,
        int subnetsPerVpc,
        int securityGroups,
        int ingressRules,
        int egressRules,
        int launchTemplates,
        int instances,
        int volumes,
        int volumeAttachments,
        int roles,
        int lambdaRoles,
        int managedPolicies,
        int instanceProfiles,
        int kmsKeys,
        int kmsAliases,
        int buckets,
        int tables,
        int fileSystems,
        int mountTargets,
        int logGroups,
        int queues,
        int secrets,
        int functions,
        int repositories,
        int hostedZones,
        int recordSets,
        int restApis,
        int dbParameterGroups) {

    static final int MAX_VPCS = 5;

    static Counts forN(int n) {
        int v = n < 500 ? 1 : n < 1000 ? 2 : n < 2000 ? 3 : n < 3500 ? 4 : MAX_VPCS;
        int s = Math.max(2, Math.min(8, (int) (n * 0.01 / v)));
        int sg = Math.max(2 * v, pct(n, 5));
        int ec2 = Math.max(2, pct(n, 8));
        int ebs = Math.max(2, pct(n, 5));
        int roles = Math.max(5, pct(n, 8));
        int lambdaRoles = Math.min(Math.max(5, (int) (0.2 * roles)), roles - 1);
        int keys = Math.max(1, pct(n, 1));
        int efs = Math.max(1, pct(n, 2));
        int zones = Math.max(1, pct(n, 2));
        return new Counts(
                n,
                v,
                s,
                sg,
                Math.max(5, pct(n, 8)),
                Math.max(5, pct(n, 3)),
                Math.max(1, pct(n, 2)),
                ec2,
                ebs,
                Math.min(ebs - ebs / 2, 2 * ec2),
                roles,
                lambdaRoles,
                Math.max(5, pct(n, 5)),
                Math.max(2, pct(n, 3)),
                keys,
                Math.min(Math.max(1, pct(n, 1)), keys),
                Math.max(5, pct(n, 10)),
                Math.max(2, pct(n, 4)),
                efs,
                Math.min(Math.max(2, pct(n, 2)), efs),
                Math.max(5, pct(n, 8)),
                Math.max(2, pct(n, 4)),
                Math.max(2, pct(n, 2)),
                Math.max(2, pct(n, 6)),
                Math.max(2, pct(n, 3)),
                zones,
                Math.max(5, pct(n, 5)),
                Math.max(1, pct(n, 2)),
                Math.max(1, pct(n, 2)));
    }

    /** {@code int(n * percent / 100)} without the float rounding of {@code n * 0.07}. */
    private static int pct(int n, int percent) {
        return (int) ((long) n * percent / 100);
    }

    int subnets() {
        return vpcs * subnetsPerVpc;
    }

    int publicSubnetsPerVpc() {
        return subnetsPerVpc / 2;
    }

    int privateSubnetsPerVpc() {
        return subnetsPerVpc - publicSubnetsPerVpc();
    }

    /** VPC, IGW, attachment, 2 route tables, public route, EIP, NAT gateway, private route per VPC. */
    int networking() {
        return 9 * vpcs + 2 * subnets();
    }

    int total() {
        return networking()
                + securityGroups
                + ingressRules
                + egressRules
                + launchTemplates
                + instances
                + volumes
                + volumeAttachments
                + roles
                + managedPolicies
                + instanceProfiles
                + kmsKeys
                + kmsAliases
                + buckets
                + tables
                + fileSystems
                + mountTargets
                + logGroups
                + queues
                + secrets
                + functions
                + repositories
                + hostedZones
                + recordSets
                + restApis
                + dbParameterGroups;
    }

    /**
     * Counts for {@code requested} resources. The original's minimums and networking make it overshoot
     * (2000 gave 2134), and since all its formulas step at multiples of 100 together, no single
     * {@code n} lands close to every count. So the formulas are applied to the largest {@code n <=
     * requested} whose total does not exceed {@code requested}, and the rest (the largest gap is
     * {@value #MAX_PADDING}) is made up with log groups and buckets, which depend on nothing. Below the
     * formulas' minimum total (75 resources) the count is the minimum.
     */
    static Counts calibrated(int requested) {
        for (int n = requested; n >= 1; n--) {
            Counts candidate = forN(n);
            if (candidate.total() <= requested) {
                return candidate.padded(requested - candidate.total());
            }
        }
        return forN(1);
    }

    /** Largest padding {@link #calibrated} adds for any count up to 10,000 (checked by a test). */
    static final int MAX_PADDING = 40;

    private Counts padded(int padding) {
        return new Counts(
                n,
                vpcs,
                subnetsPerVpc,
                securityGroups,
                ingressRules,
                egressRules,
                launchTemplates,
                instances,
                volumes,
                volumeAttachments,
                roles,
                lambdaRoles,
                managedPolicies,
                instanceProfiles,
                kmsKeys,
                kmsAliases,
                buckets + padding / 2,
                tables,
                fileSystems,
                mountTargets,
                logGroups + padding - padding / 2,
                queues,
                secrets,
                functions,
                repositories,
                hostedZones,
                recordSets,
                restApis,
                dbParameterGroups);
    }
}
