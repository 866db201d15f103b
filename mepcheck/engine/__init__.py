"""Engines: compiled rules evaluated by durable-rules (default) or by the reference
evaluator (the oracle of the differential test)."""
