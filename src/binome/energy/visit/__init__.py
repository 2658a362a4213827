"""The visit-level estimate's machinery: what an advisor records at a visit, turned into the 3CL inputs of a DPE.

- ``vocabulary``: the facts' words (main and secondary heating, hot water, walls, glazing, known defects…) and the
  ADEME enum ids each one stands for (data);
- ``facts``: ``VisitFacts``, the facts of one visit, with ``None`` for what the advisor does not know;
- ``geometry``: the areas of a dwelling the advisor has not measured, from its surface, levels and shape;
- ``pre_dpe``: the facts written as a DPE's ``donnee_entree`` (a "pre-DPE"), computed by the same import and
  engine as a certified DPE;
- ``uncertainty``: the plausible values of every unknown fact, propagated through the engine, and the calibrated
  low-high range;
- ``from_dpe``: the facts an advisor would record, read from a certified DPE (benchmark, DPE prefill);
- ``actual``: the conventional estimate set against the bills (occupancy, indoor temperature, restriction).

The public entry point is ``binome.energy.visit_estimate``.
"""
