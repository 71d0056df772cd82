package dev.infraperf.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulated cloud's operation journal")
class OperationJournalTest {

    @Test
    @DisplayName("counts creates submitted after one of the same label succeeded, not retries before it")
    void counts_creates_after_a_success() throws Exception {
        String json =
                """
                {"operations":[
                  {"operation":"create","label":"perf-1a2b3c4d-bucket-0","status":"Failed","errorCode":"Throttling",
                   "submittedAt":"2026-12-01T10:00:00Z","completedAt":"2026-12-01T10:00:00.100Z"},
                  {"operation":"create","label":"perf-1a2b3c4d-bucket-0","status":"Success",
                   "submittedAt":"2026-12-01T10:00:01Z","completedAt":"2026-12-01T10:00:01.500Z"},
                  {"operation":"create","label":"perf-1a2b3c4d-bucket-0","status":"Failed","errorCode":"AlreadyExists",
                   "submittedAt":"2026-12-01T10:00:09Z","completedAt":"2026-12-01T10:00:09.100Z"},
                  {"operation":"create","label":"perf-1a2b3c4d-vpc-0","status":"Success",
                   "submittedAt":"2026-12-01T10:00:02Z","completedAt":"2026-12-01T10:00:03Z"},
                  {"operation":"create","label":"perf-1a2b3c4d-vpc-1","status":"InProgress",
                   "submittedAt":"2026-12-01T10:00:02Z","completedAt":null},
                  {"operation":"create","label":"perf-99999999-vpc-0","status":"Success",
                   "submittedAt":"2026-12-01T10:00:02Z","completedAt":"2026-12-01T10:00:03Z"},
                  {"operation":"create","label":"perf-99999999-vpc-0","status":"Success",
                   "submittedAt":"2026-12-01T10:00:05Z","completedAt":"2026-12-01T10:00:06Z"}
                ]}
                """;
        assertThat(SimulatedCloudAudit.createsAfterSuccess(new ObjectMapper().readTree(json), "perf-1a2b3c4d"))
                .containsExactly(java.util.Map.entry("perf-1a2b3c4d-bucket-0", 1));
    }
}
