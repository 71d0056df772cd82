"""GET /health in a loop with Locust's FastHttpUser, for bench/load-engine.sh."""
from locust import FastHttpUser, task


class HealthUser(FastHttpUser):
    @task
    def health(self):
        self.client.get("/health")
