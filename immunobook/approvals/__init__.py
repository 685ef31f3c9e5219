"""The FDA immunotherapy approvals dataset: loading, validation, charts, tables, explorer, numbers."""
