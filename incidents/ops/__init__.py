"""Operations: liveness and readiness for load balancers, the scheduler's heartbeat, request logs."""
