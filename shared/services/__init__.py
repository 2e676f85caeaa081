"""Business rules. Each service takes the Database (its unit of work) and a Principal; none knows HTTP."""
