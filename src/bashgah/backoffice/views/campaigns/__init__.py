"""Segments, campaigns and automations (CAMPAIGNS_VIEW to read; CAMPAIGNS to change them;
AUDIENCES_MANAGE for the lifecycle thresholds and the recompute). Every write goes through the
domain's service and is audited in the same transaction."""
