"""Process-level faults: `kill -9` of a real worker process and a Temporal server restart while bills flow."""
