package dev.infraperf.terrafix;

import dev.infraperf.load.Response;
import dev.infraperf.load.VirtualUser;
import org.apiguardian.api.API;

/**
 * What every TerraFix user does (the original's {@code TerraFixBaseUser}): submit one failure to {@code /webhook} or
 * a batch to {@code /batch}; success is HTTP 200, the body is not inspected unless a behaviour checks it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class TerraFixUser extends VirtualUser {

    /** Default repository size label, as {@code TERRAFIX_REPO_SIZE} defaults to {@code medium}. */
    public static final String DEFAULT_SIZE = "medium";

    protected Response submitFailure(String json, String name) {
        return http().post("/webhook").json(json).name(name).expectStatus(200).send();
    }

    protected Response submitBatch(int count, String repoSize, String name) {
        return http().post("/batch")
                .json(FailurePayloads.batchJson(count, repoSize))
                .name(name)
                .expectStatus(200)
                .send();
    }
}
