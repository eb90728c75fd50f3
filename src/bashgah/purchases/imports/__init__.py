"""Bulk import of purchases from CSV (``bashgah import-purchases``); see docs/csv-import.md.

reading   the file -> one draft per purchase, bad rows noted by line number (no database)
planning  members and stores looked up in bulk, each purchase validated as the earn loop does
batches   a batch of members per transaction, recorded exactly as ``purchase_record`` would
service   ``import_purchases_csv``: the whole run, progress bar and summary
"""

from bashgah.purchases.imports.service import DEFAULT_BATCH_SIZE, import_purchases_csv
from bashgah.purchases.imports.summary import ImportSummary, RowError

__all__ = ["DEFAULT_BATCH_SIZE", "ImportSummary", "RowError", "import_purchases_csv"]
