"""Law: what the law derives from the data: compliance, document status, working days, the ledger.

May import data and what lies below it.
"""
