"""The demo company `make run` seeds (and the pack preview, the schemathesis run and the first-request benchmark use):
sample data built through the services, not business rules of its own."""
