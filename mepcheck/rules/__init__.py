"""Rule specs: what a rule *is* (schema, loading, profiles). Knows nothing of durable-rules."""
