"""Queueing theory for the M/M/c queue (Erlang C), the yardstick the simulation is validated against."""

import math


def erlang_b(servers: int, offered_load: float) -> float:
    """Blocking probability of an M/M/c/c system with `offered_load` = λ/μ erlangs (stable recursion)."""
    if servers < 0 or offered_load < 0:
        raise ValueError("servers and load must not be negative")
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    return blocking


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival has to wait in an M/M/c queue (Erlang's C formula)."""
    if servers < 1:
        raise ValueError("an M/M/c queue needs at least one server")
    rho = offered_load / servers
    if rho >= 1:
        return 1.0
    blocking = erlang_b(servers, offered_load)
    return blocking / (1 - rho * (1 - blocking))


def mmc_mean_wait(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean time in queue Wq = C(c, a) / (cμ − λ), in the time unit of the rates; inf if unstable."""
    if arrival_rate <= 0 or service_rate <= 0:
        raise ValueError("rates must be positive")
    if arrival_rate >= servers * service_rate:
        return math.inf
    return erlang_c(servers, arrival_rate / service_rate) / (servers * service_rate - arrival_rate)


def mmc_utilisation(arrival_rate: float, service_rate: float, servers: int) -> float:
    """ρ = λ / (cμ)."""
    return arrival_rate / (servers * service_rate)
