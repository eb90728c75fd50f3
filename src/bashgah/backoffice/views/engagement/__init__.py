"""Engagement program pages: referrals, paid memberships, lotteries, surveys and the stale
contacts report. Reading them is ENGAGEMENT_VIEW (owners, managers, analysts); changing them
(settings, plans, scheduling and drawing lotteries, sending surveys) is PROGRAM_EDIT. Every write
goes through the domain's service and is audited in the same transaction."""
