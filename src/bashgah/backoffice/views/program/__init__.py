"""Program configuration pages (the PROGRAM_EDIT capability): earning rules with a preview,
tiers and their policy, the rewards catalog, branches and API keys. Every write goes through
the domain's service and is audited in the same transaction."""
