"""Pure Python planning: the binôme's visit tours and the programme's capacity and coverage simulator.

Nothing in this package imports Django or another part of Binôme (checked by ``.importlinter``): functions
take plain values and return plain values, so the agenda's tour page, the coordination's simulator, the
benchmarks and the tests reuse them. French text meant for users is kept as plain strings.

- ``geo``: points, great-circle distance, the travel model (road ≈ 1.3 × great circle at an average speed)
  or a distance matrix when one is provided;
- ``tours``: the tour problem (households waiting for a visit, the binôme's working days), its check and
  the booking-order baseline;
- ``routing``: the OR-Tools vehicle-routing model with time windows that proposes the tours;
- ``simulator``: week-by-week simulation of requests, coverage plan, visits and withdrawals.
"""
