package dev.infraperf.mock.terrafix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The generated repositories have the guide's sizes, parse with hcl4j and locate resources by type and ARN. */
class TerraformRepositoriesTest {

    private final TerraformRepositories repositories = new TerraformRepositories();

    @Test
    void each_size_holds_the_resource_count_the_guide_names() {
        assertThat(repositories.repository(RepoSize.SMALL).resourceCount()).isBetween(5, 15);
        assertThat(repositories.repository(RepoSize.MEDIUM).resourceCount()).isBetween(50, 100);
        assertThat(repositories.repository(RepoSize.LARGE).resourceCount()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void parsing_finds_every_generated_resource_block() {
        for (RepoSize size : RepoSize.values()) {
            TerraformRepositories.Analysis analysis =
                    repositories.analyse(size, "AWS::S3::Bucket", "arn:aws:s3:::nothing-like-this");
            assertThat(analysis.resourcesParsed())
                    .as("resources parsed in the %s repository", size.label())
                    .isEqualTo(repositories.repository(size).resourceCount());
        }
    }

    @Test
    void generation_is_deterministic() {
        assertThat(new TerraformRepositories().repository(RepoSize.MEDIUM).files())
                .isEqualTo(repositories.repository(RepoSize.MEDIUM).files());
    }

    @Test
    void a_resource_is_found_by_the_name_in_its_arn_or_else_by_its_type() {
        String text = repositories.repository(RepoSize.SMALL).files().get("s3/s3_01.tf");
        String bucket = text.substring(text.indexOf("bucket        = \"") + 17);
        bucket = bucket.substring(0, bucket.indexOf('"'));
        TerraformRepositories.Analysis byName =
                repositories.analyse(RepoSize.SMALL, "AWS::S3::Bucket", "arn:aws:s3:::" + bucket);
        assertThat(byName.match()).isEqualTo("name");
        assertThat(byName.address()).isEqualTo("aws_s3_bucket.bucket_000");

        TerraformRepositories.Analysis byType = repositories.analyse(
                RepoSize.MEDIUM, "AWS::IAM::Role", "arn:aws:iam::123456789012:role/test-role-zzzzzzzz");
        assertThat(byType.match()).isEqualTo("type");
        assertThat(byType.address()).startsWith("aws_iam_role.role_");

        TerraformRepositories.Analysis none =
                repositories.analyse(RepoSize.SMALL, "AWS::Lambda::Function", "arn:aws:lambda:x:1:function:f");
        assertThat(none.match()).isEqualTo("none");
        assertThat(none.address()).isNull();
    }

    @Test
    void parse_time_grows_with_repository_size() {
        // Both sizes are warmed up and then sampled alternately: measuring small first on a cold JIT
        // and large afterwards made the ratio depend on the order of measurement, not on size.
        for (int i = 0; i < 10; i++) {
            parseNanos(RepoSize.SMALL);
            parseNanos(RepoSize.LARGE);
        }
        long[] small = new long[15];
        long[] large = new long[15];
        for (int i = 0; i < small.length; i++) {
            small[i] = parseNanos(RepoSize.SMALL);
            large[i] = parseNanos(RepoSize.LARGE);
        }
        assertThat(median(large))
                .as("median parse ns, large vs small (%d)", median(small))
                .isGreaterThan(median(small) * 5);
    }

    private long parseNanos(RepoSize size) {
        return repositories.analyse(size, "AWS::S3::Bucket", "arn:aws:s3:::x").parseNanos();
    }

    private static long median(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
