"""One min-cost flow solve (OR-Tools), and the node potentials that prove its flow optimal.

A flow is a minimum-cost flow exactly when its residual graph has no negative cycle. Then the shortest distances
``d`` from a virtual root joined to every node by a zero-cost arc are finite, and every residual arc (u, v) has a
non-negative reduced cost ``cost + d[u] - d[v]`` (the triangle inequality). Those distances are node potentials:
an arc added to the graph later, at zero flow, with a non-negative reduced cost cannot improve the flow, which is
how ``allocation_waves`` proves that the pairs it left out of the solve would change nothing.
"""

import numpy as np
import numpy.typing as npt
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

IntArray = npt.NDArray[np.int64]
SOURCE = 0
SINK = 1


def min_cost_flows(
    *, tails: IntArray, heads: IntArray, capacities: IntArray, costs: IntArray, supply: int
) -> IntArray:
    """The flow on each arc of a minimum-cost flow of ``supply`` units from node 0 (source) to node 1 (sink).

    The graphs given always hold a source → sink bypass arc, so every instance is feasible. Raises ``ValueError``
    when the costs are too large for the solver's 64-bit arithmetic.
    """
    solver = SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64), costs.astype(np.int64)
    )
    solver.set_nodes_supplies(np.array([SOURCE, SINK], dtype=np.int32), np.array([supply, -supply], dtype=np.int64))
    status = solver.solve()
    if status == SimpleMinCostFlow.BAD_COST_RANGE:
        raise ValueError("scores are too large for the solver's 64-bit costs")
    if status != SimpleMinCostFlow.OPTIMAL:
        # The bypass arc makes every instance feasible, so any other status is a bug here.
        raise RuntimeError(f"min-cost flow did not reach an optimum (status {status})")
    flows: IntArray = np.asarray(solver.flows(np.arange(len(tails), dtype=np.int32)), dtype=np.int64)
    return flows


def residual_potentials(
    *, tails: IntArray, heads: IntArray, capacities: IntArray, costs: IntArray, flows: IntArray, node_count: int
) -> IntArray:
    """Shortest distances from a virtual root in the residual graph of the flow (Bellman-Ford, vectorised).

    Each pass relaxes every residual arc at once (a Jacobi sweep: one ``minimum.reduceat`` over the arcs grouped by
    head); it stops as soon as a pass changes nothing, after as many passes as the longest shortest path has arcs.
    Raises ``RuntimeError`` if the distances still change after ``node_count`` passes: the residual graph then has a
    negative cycle and the flow is not optimal.
    """
    forward = flows < capacities
    backward = flows > 0
    from_nodes = np.concatenate([tails[forward], heads[backward]])
    to_nodes = np.concatenate([heads[forward], tails[backward]])
    lengths = np.concatenate([costs[forward], -costs[backward]])
    order = np.argsort(to_nodes, kind="stable")
    from_nodes, to_nodes, lengths = from_nodes[order], to_nodes[order], lengths[order]
    targets, starts = np.unique(to_nodes, return_index=True)
    distance = np.zeros(node_count, dtype=np.int64)
    if len(targets) == 0:
        return distance
    for _ in range(node_count + 1):
        best = np.minimum.reduceat(distance[from_nodes] + lengths, starts)
        improved = best < distance[targets]
        if not bool(improved.any()):
            return distance
        distance[targets[improved]] = best[improved]
    raise RuntimeError("the residual graph has a negative cycle: the flow is not optimal")
