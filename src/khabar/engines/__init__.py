"""engines: extraction on a distributed engine, for backfills one machine cannot carry (Ray)."""
