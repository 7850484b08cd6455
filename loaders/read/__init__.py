"""Reading the files people bring: bytes checked and decoded (file_bytes), careful CSV records
(csv_records), XLSX workbooks (xlsx), the header row found and mapped (headers), cells parsed to
typed columns (parsing), the raw text table (raw_table, readers), the one-line errors of an
unreadable file (input_errors), and validation against a contract (validate).

May import: loaders.contracts, loaders.content and the shared modules (loaders.constants,
loaders.paths, loaders.settings, loaders.safe_csv).
"""
