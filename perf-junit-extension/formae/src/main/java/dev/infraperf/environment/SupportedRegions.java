package dev.infraperf.environment;

import dev.infraperf.config.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regions the generator supports: the seven of the original generator's AMI map, each with its
 * Amazon Linux 2 AMI and the availability zones subnets and volumes are spread over. Any other
 * region is refused, instead of silently using the us-east-1 AMI as the original did.
 */
final class SupportedRegions {

    private record RegionFacts(String ami, List<String> zoneSuffixes) {}

    private static final Map<String, RegionFacts> REGIONS = new LinkedHashMap<>();

    static {
        REGIONS.put("us-east-1", new RegionFacts("ami-0c02fb55b2c6c5bdc", List.of("a", "b", "c")));
        // The plan document names ami-0a0d8c70c12d6c0b6; the generator overrode it with this one.
        REGIONS.put("us-east-2", new RegionFacts("ami-06ba60a55dcbf8bf2", List.of("a", "b", "c")));
        // us-west-1 has two zones for most accounts, and which letters depends on the account: b and
        // c are the common pair.
        REGIONS.put("us-west-1", new RegionFacts("ami-0ecb7bb3a2c9a8b9d", List.of("b", "c")));
        REGIONS.put("us-west-2", new RegionFacts("ami-0c2ab3b8efb09f272", List.of("a", "b", "c")));
        REGIONS.put("eu-west-1", new RegionFacts("ami-0c1c30571d2dae5c9", List.of("a", "b", "c")));
        REGIONS.put("eu-central-1", new RegionFacts("ami-0a49b025fffbbdac6", List.of("a", "b", "c")));
        REGIONS.put("ap-southeast-1", new RegionFacts("ami-0c802847a7dd848c0", List.of("a", "b", "c")));
    }

    private SupportedRegions() {}

    static List<String> names() {
        return List.copyOf(REGIONS.keySet());
    }

    static boolean isSupported(String region) {
        return REGIONS.containsKey(region);
    }

    /** Throws {@link ConfigurationException} naming {@code subject}, the value and the supported regions. */
    static void check(String region, String subject) {
        if (!isSupported(region)) {
            throw new ConfigurationException("[" + region + "] is not a supported region for " + subject
                    + "; supported: " + String.join(", ", names()));
        }
    }

    static String ami(String region) {
        return facts(region).ami();
    }

    /** Availability zone {@code index} (wrapping) of {@code region}: {@code us-east-2b}. */
    static String zone(String region, int index) {
        List<String> suffixes = facts(region).zoneSuffixes();
        return region + suffixes.get(Math.floorMod(index, suffixes.size()));
    }

    private static RegionFacts facts(String region) {
        check(region, "the environment generator");
        return REGIONS.get(region);
    }
}
